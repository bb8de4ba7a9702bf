using AiLogger.Domain.Imports;
using AiLogger.Domain.Logs;

namespace AiLogger.Infrastructure.Imports;

/// <summary>What a run of lines became: events, and the rejected lines kept (up to an allowance) and counted.</summary>
internal sealed class ImportChunk(int rejectedAllowance)
{
    private int _allowance = rejectedAllowance;

    public List<LogEvent> Events { get; } = new(1024);

    public List<RejectedLine> Rejected { get; } = [];

    public long RejectedCount { get; private set; }

    /// <summary>Rejected lines this chunk may still keep in full.</summary>
    public int RemainingAllowance => _allowance;

    public void Reject(long lineNumber, string reason, ReadOnlySpan<byte> line)
    {
        RejectedCount++;
        if (_allowance <= 0) return;
        _allowance--;
        Rejected.Add(new RejectedLine(lineNumber, reason, Excerpt(line)));
    }

    /// <summary>The first <see cref="RejectedLine.MaxExcerptBytes"/> bytes as text, not cutting a character in two.</summary>
    public static string Excerpt(ReadOnlySpan<byte> line)
    {
        if (line.Length <= RejectedLine.MaxExcerptBytes) return System.Text.Encoding.UTF8.GetString(line);
        var end = RejectedLine.MaxExcerptBytes;
        while (end > 0 && (line[end] & 0xC0) == 0x80) end--;
        return System.Text.Encoding.UTF8.GetString(line[..end]);
    }
}
