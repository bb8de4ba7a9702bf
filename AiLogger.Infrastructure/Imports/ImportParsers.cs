using System.Text.RegularExpressions;
using AiLogger.Domain.Imports;
using AiLogger.Infrastructure.Ingest.Formats;

namespace AiLogger.Infrastructure.Imports;

/// <summary>Creates the parser for a format (already resolved from <c>auto</c>).</summary>
internal sealed class ImportParsers(JsonRecordReader records, ClefReader clef, EventReaderSettings settings, TimeProvider time)
{
    public int MaxLineBytes => settings.MaxEventBytes;

    public ImportLineParser Create(string format, ImportFormatSettings options)
    {
        var zone = options.ResolveTimeZone();
        var source = string.IsNullOrWhiteSpace(options.Source) ? null : options.Source.Trim();
        return format switch
        {
            ImportFormats.Jsonl => new JsonLineParser(records, clef, settings, clefOnly: false, source, zone, time),
            ImportFormats.Clef => new JsonLineParser(records, clef, settings, clefOnly: true, source, zone, time),
            ImportFormats.Python => new HeaderLineParser(HeaderLineParser.PythonHeader(), foldEveryContinuation: true, source, zone, time),
            ImportFormats.Text => new HeaderLineParser(
                new Regex(options.Regex!, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)), foldEveryContinuation: false, source, zone, time),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "The format is resolved before reading."),
        };
    }
}
