using System.IO.Compression;
using System.Security.Cryptography;
using AiLogger.Domain.Imports;

namespace AiLogger.Infrastructure.Imports;

/// <summary>Opening files to import (shared with the writer still appending, gzip by its magic bytes) and fingerprinting them.</summary>
internal static class ImportFiles
{
    public static FileStream OpenShared(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);

    public static bool IsGzip(string path)
    {
        using var file = OpenShared(path);
        Span<byte> magic = stackalloc byte[2];
        return file.ReadAtLeast(magic, 2, throwOnEndOfStream: false) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }

    /// <summary>The content (decompressed) from the start: <paramref name="file"/> stays open for the caller's position.</summary>
    public static Stream Content(FileStream file, bool compressed) =>
        compressed ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: true) : file;

    /// <summary>Up to <paramref name="max"/> first bytes of the (decompressed) content.</summary>
    public static byte[] Head(string path, bool compressed, int max)
    {
        using var file = OpenShared(path);
        using var content = Content(file, compressed);
        var buffer = new byte[max];
        try
        {
            var read = content.ReadAtLeast(buffer, max, throwOnEndOfStream: false);
            return buffer[..read];
        }
        catch (InvalidDataException)
        {
            return [];
        }
    }

    public static FileFingerprint Fingerprint(ReadOnlySpan<byte> head, int length) =>
        new(Convert.ToHexString(SHA256.HashData(head[..length])), length);

    /// <summary>Moves <paramref name="content"/> to <paramref name="offset"/>: a seek, or reading through for gzip.</summary>
    public static void SkipTo(Stream content, long offset)
    {
        if (offset == 0) return;
        if (content.CanSeek)
        {
            content.Seek(offset, SeekOrigin.Begin);
            return;
        }
        var buffer = new byte[1 << 16];
        var left = offset;
        while (left > 0)
        {
            var read = content.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (read == 0) break;
            left -= read;
        }
    }
}
