using AiLogger.Domain.Logs;

namespace AiLogger.Domain.Imports;

/// <summary>
/// Reads a batch of lines sent over HTTP (the CLI's <c>ingest</c>) exactly as an import reads a file's lines.
/// </summary>
public interface ILineBatchReader
{
    /// <summary>Parses <paramref name="lines"/>; the first is line <paramref name="firstLine"/> of the sender's input.</summary>
    /// <param name="final">No line follows: an event waiting for continuation lines is emitted rather than held back.</param>
    /// <exception cref="ImportSettingsException">The settings cannot be used, or <c>auto</c> finds no format.</exception>
    LineBatch Read(ReadOnlyMemory<byte> lines, ImportFormatSettings settings, long firstLine, bool final);
}

/// <summary>What a batch of lines became.</summary>
/// <param name="Format">The format read (<c>auto</c> resolved), for the sender's next batches.</param>
/// <param name="HeldLines">
/// Lines at the end that belong to an event still open (a traceback may follow): not read, to be sent again at the
/// start of the next batch.
/// </param>
public sealed record LineBatch(string Format, List<LogEvent> Events, IReadOnlyList<RejectedLine> Rejected, long RejectedCount, long LinesRead, int HeldLines);
