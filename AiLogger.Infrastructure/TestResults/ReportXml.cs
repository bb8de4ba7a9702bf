using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using AiLogger.Domain.Ingest;

namespace AiLogger.Infrastructure.TestResults;

/// <summary>
/// Reading a report's XML safely: no DTD (so no entity expansion and no external entity ever read from disk or
/// network), nesting bounded, text cut to size, and every error naming the file, line, column and element.
/// </summary>
internal static class ReportXml
{
    public const int MaxDepth = 64;

    public static XmlReader Open(Stream content) => XmlReader.Create(content, new XmlReaderSettings
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = false,
    });

    /// <summary>Moves to the next element start, refusing nesting past <see cref="MaxDepth"/>.</summary>
    public static bool NextElement(XmlReader reader, string file)
    {
        while (Read(reader, file))
        {
            if (reader.NodeType != XmlNodeType.Element) continue;
            if (reader.Depth > MaxDepth) throw Error(file, reader, $"elements are nested deeper than {MaxDepth} levels.");
            return true;
        }
        return false;
    }

    public static bool Read(XmlReader reader, string file)
    {
        try
        {
            return reader.Read();
        }
        catch (XmlException error)
        {
            throw Malformed(file, error, reader);
        }
    }

    /// <summary>The element at the reader, whole, with its start's line for messages about it.</summary>
    public static (XElement Element, int Line) ReadElement(XmlReader reader, string file)
    {
        var line = (reader as IXmlLineInfo)?.LineNumber ?? 0;
        try
        {
            return ((XElement)XNode.ReadFrom(reader), line);
        }
        catch (XmlException error)
        {
            throw Malformed(file, error, reader);
        }
    }

    public static IngestFormatException Malformed(string file, XmlException error, XmlReader reader)
    {
        // Some refusals (a DTD) carry no position of their own; the reader's is where it stopped.
        var (line, column) = error.LineNumber > 0 ? (error.LineNumber, error.LinePosition)
            : reader is IXmlLineInfo info ? (info.LineNumber, info.LinePosition) : (0, 0);
        var reason = error.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase)
            ? "a DTD (<!DOCTYPE …>) is not accepted, so entities cannot be declared or expanded; remove it."
            : Trimmed(error.Message);
        return new IngestFormatException(line > 0 ? $"{file}: line {line}, column {column}: not well-formed XML: {reason}" : $"{file}: refused: {reason}");
    }

    public static IngestFormatException Error(string file, XmlReader reader, string reason)
    {
        var info = reader as IXmlLineInfo;
        return new IngestFormatException($"{file}: line {info?.LineNumber ?? 0}, column {info?.LinePosition ?? 0}, <{reader.LocalName}>: {reason}");
    }

    public static IngestFormatException Error(string file, int line, string element, string reason) =>
        new($"{file}: line {line}, <{element}>: {reason}");

    public static string? Attribute(XElement element, string name) => element.Attribute(name)?.Value is { Length: > 0 } v ? v : null;

    /// <summary>Seconds as the producers write them ("1.5", "1,234.5"); null when absent.</summary>
    public static double? Seconds(string? text, string file, int line, string element)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (double.TryParse(text.Replace(",", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            && double.IsFinite(seconds) && seconds >= 0)
            return seconds;
        throw Error(file, line, element, $"time=\"{Cut(text, 40)}\" is not a number of seconds.");
    }

    public static DateTimeOffset? Timestamp(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : null;

    public static string? Cut(string? text, int max) =>
        text is null ? null : text.Length <= max ? text : string.Concat(text.AsSpan(0, max), " … (cut)");

    private static string Trimmed(string message)
    {
        var at = message.IndexOf(" Line ", StringComparison.Ordinal);
        return at > 0 ? message[..at] : message;
    }
}
