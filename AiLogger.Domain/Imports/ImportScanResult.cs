namespace AiLogger.Domain.Imports;

/// <summary>What one scan of the watched folders found and imported.</summary>
public sealed record ImportScanResult(int Sources, int Files, long LinesRead, long EventsImported, long LinesRejected, IReadOnlyList<string> Problems);
