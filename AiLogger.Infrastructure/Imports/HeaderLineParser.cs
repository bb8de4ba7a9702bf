using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AiLogger.Domain.Logs;
using AiLogger.Infrastructure.Ingest.Formats;

namespace AiLogger.Infrastructure.Imports;

/// <summary>
/// Text lines read by a regular expression with named groups (<c>timestamp, level, source, message</c>; any
/// other group becomes a property). A line that does not match continues the event before it (its exception:
/// a traceback) when it is indented, or always for <c>python</c>; otherwise it is rejected.
/// </summary>
internal sealed partial class HeaderLineParser(Regex header, bool foldEveryContinuation, string? defaultSource, TimeZoneInfo zone, TimeProvider time)
    : ImportLineParser
{
    /// <summary>Python's default <c>%(asctime)s - %(name)s - %(levelname)s - %(message)s</c>.</summary>
    [GeneratedRegex(@"^(?<timestamp>\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:[,.]\d{1,6})?) - (?<source>.+?) - (?<level>DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL|FATAL|NOTSET) - (?<message>.*)$",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    public static partial Regex PythonHeader();

    // An event's exception text is capped like a message: a runaway "continuation" must not grow without end.
    private const int MaxExceptionChars = 256 * 1024;

    private Pending? _held;

    public override (long Offset, long LineNumber)? Held => _held is { } held ? (held.Start, held.LineNumber - 1) : null;

    public override void Read(ImportLine line, long lineNumber, ImportChunk chunk)
    {
        var bytes = line.Bytes.Span;
        var text = Encoding.UTF8.GetString(bytes);
        if (text.Length == 0 || string.IsNullOrWhiteSpace(text))
        {
            _held?.Continue(text);
            return;
        }

        Match match;
        try
        {
            match = header.Match(text);
        }
        catch (RegexMatchTimeoutException)
        {
            chunk.Reject(lineNumber, "the pattern took over a second on this line", bytes);
            return;
        }

        if (!match.Success)
        {
            if (_held is not null && (foldEveryContinuation || char.IsWhiteSpace(text[0])))
                _held.Continue(text);
            else if (_held is null && foldEveryContinuation)
                chunk.Reject(lineNumber, "neither an event line nor the continuation of one (no event before it)", bytes);
            else
            {
                // Not a continuation: the event before is complete, so a checkpoint may pass this line.
                Flush(chunk);
                chunk.Reject(lineNumber, "the line does not match the format's pattern", bytes);
            }
            return;
        }

        // A new event line: the event before is complete.
        Flush(chunk);
        var timestamp = time.GetUtcNow();
        if (match.Groups["timestamp"] is { Success: true } ts && !LocalTimestamps.TryParse(ts.Value, zone, out timestamp))
        {
            chunk.Reject(lineNumber, $"'{Shorten(ts.Value)}' is not a timestamp", bytes);
            return;
        }
        var level = LogLevel.Information;
        if (match.Groups["level"] is { Success: true } lv && lv.Length > 0 && !LogLevels.TryParseFuzzy(lv.Value, out level))
        {
            chunk.Reject(lineNumber, $"'{Shorten(lv.Value)}' is not a level; use one of {LogLevels.AcceptedNames}", bytes);
            return;
        }

        var source = match.Groups["source"] is { Success: true, Length: > 0 } s ? s.Value.Trim() : defaultSource;
        _held = new Pending(line.Start, lineNumber, timestamp, level, source, match.Groups["message"].Value, Properties(match));
    }

    public override void Flush(ImportChunk chunk)
    {
        if (_held is null) return;
        chunk.Events.Add(_held.ToEvent());
        _held = null;
    }

    private string? Properties(Match match)
    {
        string? json = null;
        foreach (var name in header.GetGroupNames())
        {
            if (char.IsDigit(name[0]) || name is "timestamp" or "level" or "source" or "message") continue;
            var group = match.Groups[name];
            if (!group.Success) continue;
            json = json is null ? "{" : json + ",";
            json += JsonSerializer.Serialize(name) + ":" + JsonSerializer.Serialize(group.Value);
        }
        return json is null ? null : json + "}";
    }

    private static string Shorten(string value) => value.Length > 40 ? value[..40] + "…" : value;

    private sealed class Pending(long start, long lineNumber, DateTimeOffset timestamp, LogLevel level, string? source, string message, string? properties)
    {
        private StringBuilder? _exception;

        public long Start { get; } = start;

        public long LineNumber { get; } = lineNumber;

        public void Continue(string text)
        {
            _exception ??= new StringBuilder();
            if (_exception.Length + text.Length + 1 > MaxExceptionChars) return;
            if (_exception.Length > 0) _exception.Append('\n');
            _exception.Append(text);
        }

        public LogEvent ToEvent() => new()
        {
            Timestamp = timestamp,
            Level = level,
            Message = message,
            Source = source,
            Exception = _exception is { Length: > 0 } ? _exception.ToString().TrimEnd() : null,
            PropertiesJson = properties,
        };
    }
}
