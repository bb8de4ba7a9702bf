using AiLogger.Domain.Imports;

namespace AiLogger.Infrastructure.Imports;

/// <summary>The import feature's parsers over a batch of lines in memory.</summary>
internal sealed class LineBatchReader(ImportParsers parsers) : ILineBatchReader
{
    /// <summary>Rejected lines kept in full per batch; the rest are counted.</summary>
    public const int RejectedKept = 100;

    /// <summary>
    /// A request thread reads a batch: a pattern that backtracks (each line may take its one-second match timeout)
    /// must not hold it for hours.
    /// </summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(10);

    public LineBatch Read(ReadOnlyMemory<byte> lines, ImportFormatSettings settings, long firstLine, bool final)
    {
        var errors = settings.Validate();
        if (errors.Count > 0) throw new ImportSettingsException(errors);
        var format = ImportFormats.Normalize(settings.Format)!;
        if (format == ImportFormats.Auto)
            format = ImportFormatDetector.Detect(lines.Span[..Math.Min(lines.Length, 64 * 1024)])
                     ?? throw new ImportSettingsException(new Dictionary<string, string> { ["format"] = ImportFormatDetector.Undetected });

        var parser = parsers.Create(format, settings);
        try
        {
            var chunk = new ImportChunk(RejectedKept);
            using var stream = new MemoryStream(lines.ToArray(), writable: false);
            var reader = new LineReader(stream, 0, parsers.MaxLineBytes);
            var lineNumber = firstLine - 1;
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            while (reader.TryRead(takePartial: true, out var line))
            {
                lineNumber++;
                if (System.Diagnostics.Stopwatch.GetElapsedTime(started) > Budget)
                    throw new ImportSettingsException(new Dictionary<string, string>
                    {
                        ["regex"] = $"Reading the batch took over {Budget.TotalSeconds:0} s (stopped at line {lineNumber:N0}); the pattern backtracks. Simplify it (no nested quantifiers such as (a+)+), or send smaller batches.",
                    });
                if (line.TooLong) chunk.Reject(lineNumber, $"the line is longer than the limit of {parsers.MaxLineBytes:N0} bytes", line.Bytes.Span);
                else parser.Read(line, lineNumber, chunk);
            }

            var held = 0;
            if (final) parser.Flush(chunk);
            else if (parser.Held is { } open) held = (int)(lineNumber - open.LineNumber);
            return new LineBatch(format, chunk.Events, chunk.Rejected, chunk.RejectedCount, lineNumber - firstLine + 1 - held, held);
        }
        finally
        {
            (parser as IDisposable)?.Dispose();
        }
    }
}
