using AiLogger.Domain.Imports;
using AiLogger.Domain.Ingest;
using AiLogger.Domain.Logs;
using Microsoft.Extensions.Options;

namespace AiLogger.Infrastructure.Imports;

/// <summary>
/// Reads one import from its checkpoint to the end of the file through the one ingestion path. Each run of
/// lines commits with its checkpoint; the next run is parsed while the previous one commits.
/// </summary>
internal sealed class FileImporter(ImportParsers parsers, IIngestor ingestor, IOptions<ImportOptions> options, ImportCatalog catalog)
{
    /// <param name="final">The file will not grow (an upload, a gzip file): its last line is read without a newline and the import completes.</param>
    public async Task<ImportOutcome> ImportAsync(ImportEntity import, bool final, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var settings = new ImportFormatSettings { Format = import.Format, Source = import.EventSource, TimeZone = import.TimeZone, Regex = import.Regex };
        await using var file = ImportFiles.OpenShared(import.Path);
        await using var content = ImportFiles.Content(file, import.Compressed);
        ImportFiles.SkipTo(content, import.Offset);
        var reader = new LineReader(content, import.Offset, parsers.MaxLineBytes);
        var parser = parsers.Create(import.Format, settings);
        var endStatus = final ? ImportStatus.Completed : ImportStatus.Watching;
        var allowance = (int)Math.Clamp(o.MaxRejectedLinesKept - import.LinesRejected, 0, o.MaxRejectedLinesKept);
        long lineNumber = import.LineNumber, committedLine = import.LineNumber, committedOffset = import.Offset;
        var outcome = new ImportOutcome();
        Task? inFlight = null;
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var chunk = new ImportChunk(allowance);
                var lines = 0;
                var more = true;
                while (lines < o.LinesPerCommit)
                {
                    if (!reader.TryRead(final, out var line))
                    {
                        more = false;
                        break;
                    }
                    lines++;
                    lineNumber++;
                    if (line.TooLong) chunk.Reject(lineNumber, $"the line is longer than the limit of {parsers.MaxLineBytes:N0} bytes", line.Bytes.Span);
                    else parser.Read(line, lineNumber, chunk);
                }

                long offset = reader.Offset, checkpointLine = lineNumber;
                if (!more) parser.Flush(chunk);
                else if (parser.Held is { } held) (offset, checkpointLine) = held;

                var status = more ? ImportStatus.Running : endStatus;
                if (!more && lines == 0 && chunk.Events.Count == 0 && offset == committedOffset && import.Status == status) break;

                var progress = new ImportProgress
                {
                    ImportId = import.Id,
                    Offset = offset,
                    LineNumber = checkpointLine,
                    BytesRead = import.Compressed ? (more ? file.Position : file.Length) : offset,
                    LinesRead = checkpointLine - committedLine,
                    Rejected = chunk.Rejected,
                    LinesRejected = chunk.RejectedCount,
                    Status = status,
                };
                allowance = chunk.RemainingAllowance;
                committedLine = checkpointLine;
                committedOffset = offset;
                outcome = outcome.Add(progress.LinesRead, chunk.Events.Count, chunk.RejectedCount);

                if (inFlight is not null) await inFlight;
                inFlight = CommitAsync(chunk.Events, progress, cancellationToken);
                if (!more) break;
            }
            if (inFlight is not null) await inFlight;
        }
        finally
        {
            (parser as IDisposable)?.Dispose();
        }
        return outcome;
    }

    private async Task CommitAsync(List<LogEvent> events, ImportProgress progress, CancellationToken cancellationToken)
    {
        var context = new IngestContext { Progress = progress };
        while (true)
        {
            try
            {
                await ingestor.IngestAsync(events, context, cancellationToken);
                catalog.NotifyChanged();
                return;
            }
            catch (IngestQueueFullException full)
            {
                // Imports yield to live traffic: wait for room rather than fail.
                await Task.Delay(full.RetryAfter, cancellationToken);
            }
        }
    }
}
