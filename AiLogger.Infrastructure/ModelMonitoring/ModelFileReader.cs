using System.IO.Compression;
using System.Text;
using System.Text.Json;
using AiLogger.Domain.ModelMonitoring;
using AiLogger.Infrastructure.Ingest.Formats;

namespace AiLogger.Infrastructure.ModelMonitoring;

/// <summary>
/// Reads an uploaded file of predictions or validations whole: CSV with a header row, or JSON Lines (a JSON array is
/// taken too). The format comes from the extension (<c>.csv</c>, <c>.tsv</c>, <c>.jsonl</c>, <c>.ndjson</c>,
/// <c>.json</c>), else from the first character; gzip is undone first.
/// </summary>
public sealed class ModelFileReader(ModelRecordReader records)
{
    public const string Csv = "csv";
    public const string JsonLines = "jsonl";

    /// <summary>The records and the line each starts on (null for a JSON array: positions are its indexes).</summary>
    /// <exception cref="ModelIngestException">Any unreadable row; errors carry line numbers.</exception>
    internal (string Format, IReadOnlyList<T> Records, IReadOnlyList<int>? Lines) Read<T>(
        string? fileName, byte[] content, Func<JsonElement, DateTimeOffset, Outcome<T>> readJson, Func<CsvRecord, DateTimeOffset, Outcome<T>> readCsv)
    {
        if (content.Length >= 2 && content[0] == 0x1f && content[1] == 0x8b) content = Gunzip(content);
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content);
        }
        catch (DecoderFallbackException)
        {
            throw Refused(0, "the file is not UTF-8 text");
        }
        var format = Detect(fileName, text);
        var now = records.Now();
        var errors = new ErrorList();
        var list = new List<T>();
        var lines = new List<int>();

        void Take(Outcome<T> outcome, int line)
        {
            if (outcome.Error is null)
            {
                list.Add(outcome.Value!);
                lines.Add(line);
            }
            else errors.Add(new ModelIngestError { Line = line, Id = outcome.Id, Message = outcome.Error });
        }

        var byLine = true;
        if (format == Csv) ReadCsv(text, now, readCsv, Take, errors);
        else byLine = ReadJsonLines(text, now, readJson, Take, errors);
        errors.ThrowIfAny("The file");
        if (list.Count == 0) throw Refused(0, format == Csv ? "the file has a header but no rows" : "the file has no records");
        return (format, list, byLine ? lines : null);
    }

    public static string Detect(string? fileName, string text)
    {
        var name = (fileName ?? string.Empty).ToLowerInvariant();
        if (name.EndsWith(".gz", StringComparison.Ordinal)) name = name[..^3];
        if (name.EndsWith(".csv", StringComparison.Ordinal) || name.EndsWith(".tsv", StringComparison.Ordinal)) return Csv;
        if (name.EndsWith(".jsonl", StringComparison.Ordinal) || name.EndsWith(".ndjson", StringComparison.Ordinal) || name.EndsWith(".json", StringComparison.Ordinal))
            return JsonLines;
        var first = text.AsSpan().TrimStart("\uFEFF \t\r\n");
        return first.Length > 0 && first[0] is '{' or '[' ? JsonLines : Csv;
    }

    private static void ReadCsv<T>(string text, DateTimeOffset now, Func<CsvRecord, DateTimeOffset, Outcome<T>> read, Action<Outcome<T>, int> take, ErrorList errors)
    {
        List<string>? header = null;
        try
        {
            foreach (var (line, fields) in new CsvReader(text).Rows())
            {
                if (header is null)
                {
                    header = fields.Select(f => f.Trim()).ToList();
                    var blank = header.FindIndex(h => h.Length == 0);
                    if (blank >= 0) throw Refused(line, $"column {blank + 1} of the header has no name");
                    var twice = header.GroupBy(h => h, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
                    if (twice is not null) throw Refused(line, $"the header names column '{twice.Key}' twice");
                    continue;
                }
                if (fields.Count != header.Count)
                {
                    errors.Add(new ModelIngestError { Line = line, Message = $"the row has {fields.Count} fields but the header has {header.Count}" });
                    continue;
                }
                take(read(new CsvRecord(header, fields, line), now), line);
            }
        }
        catch (FormatException error)
        {
            errors.Add(new ModelIngestError { Message = error.Message });
        }
    }

    /// <returns>False when the file is one JSON array; its errors then carry array indexes, not lines.</returns>
    private static bool ReadJsonLines<T>(string text, DateTimeOffset now, Func<JsonElement, DateTimeOffset, Outcome<T>> read, Action<Outcome<T>, int> take, ErrorList errors)
    {
        if (text.AsSpan().TrimStart("\uFEFF \t\r\n").StartsWith("["))
        {
            using var document = Parse(text, 1, errors);
            if (document is null) return false;
            var index = 0;
            foreach (var item in document.RootElement.EnumerateArray())
            {
                var outcome = read(item, now);
                if (outcome.Error is null) take(outcome, index);
                else errors.Add(new ModelIngestError { Index = index, Id = outcome.Id, Message = outcome.Error });
                index++;
            }
            return false;
        }
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r');
            if (string.IsNullOrWhiteSpace(line)) continue;
            using var document = Parse(line, number, errors);
            if (document is not null) take(read(document.RootElement, now), number);
        }
        return true;
    }

    private static JsonDocument? Parse(string json, int line, ErrorList errors)
    {
        try
        {
            return JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException error)
        {
            errors.Add(new ModelIngestError { Line = line + (int)(error.LineNumber ?? 0), Message = $"not valid JSON: {JsonEventFields.Explain(error)}" });
            return null;
        }
    }

    private static byte[] Gunzip(byte[] content)
    {
        try
        {
            using var input = new GZipStream(new MemoryStream(content), CompressionMode.Decompress);
            using var output = new MemoryStream();
            input.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException)
        {
            throw Refused(0, "the file starts like gzip but is not valid gzip data");
        }
    }

    private static ModelIngestException Refused(int line, string message) =>
        new([new ModelIngestError { Line = line == 0 ? null : line, Message = message }], 1, "The file");
}
