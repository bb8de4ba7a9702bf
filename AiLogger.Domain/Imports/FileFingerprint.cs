namespace AiLogger.Domain.Imports;

/// <summary>
/// A file's identity: a hash of its first <see cref="Length"/> bytes (decompressed). It survives renames and
/// rotation to <c>.1</c> or <c>.gz</c>; a file rewritten from the start gets a new one.
/// </summary>
public sealed record FileFingerprint(string Hash, int Length)
{
    /// <summary>Bytes hashed once a file is this long; shorter files are matched on the bytes they have.</summary>
    public const int FullLength = 1024;
}
