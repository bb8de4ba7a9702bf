using System.Text;

namespace AiLogger.Infrastructure.ModelMonitoring;

/// <summary>
/// RFC 4180 CSV: a header row, fields optionally quoted ("" for a quote inside), quoted fields may hold the delimiter
/// and line breaks. The delimiter is the one of comma, semicolon or tab that the header line uses most.
/// </summary>
internal sealed class CsvReader
{
    private readonly string _text;
    private readonly char _delimiter;
    private int _position;
    private int _line = 1;

    public CsvReader(string text)
    {
        _text = text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        var firstLine = _text[..IndexOfLineEnd(_text)];
        _delimiter = new[] { ',', ';', '\t' }.MaxBy(d => firstLine.Count(c => c == d));
    }

    /// <summary>Rows of fields with the line each starts on; blank lines are skipped.</summary>
    /// <exception cref="FormatException">An unterminated quote; the message names its line.</exception>
    public IEnumerable<(int Line, List<string> Fields)> Rows()
    {
        var field = new StringBuilder();
        while (_position < _text.Length)
        {
            var start = _line;
            var fields = new List<string>();
            var atRowEnd = false;
            while (!atRowEnd)
            {
                field.Clear();
                var quoted = _position < _text.Length && _text[_position] == '"';
                if (quoted)
                {
                    _position++;
                    while (true)
                    {
                        if (_position >= _text.Length) throw new FormatException($"Line {start}: a quoted field is never closed.");
                        var c = _text[_position++];
                        if (c == '"')
                        {
                            if (_position < _text.Length && _text[_position] == '"') { field.Append('"'); _position++; continue; }
                            break;
                        }
                        if (c == '\n') _line++;
                        field.Append(c);
                    }
                }
                while (_position < _text.Length && _text[_position] != _delimiter && _text[_position] != '\n' && _text[_position] != '\r')
                    field.Append(_text[_position++]);
                // Spaces around an unquoted value ("cat, 0.9") are layout, not data.
                fields.Add(quoted ? field.ToString() : field.ToString().Trim());
                if (_position >= _text.Length) atRowEnd = true;
                else if (_text[_position] == _delimiter) _position++;
                else
                {
                    if (_text[_position] == '\r') _position++;
                    if (_position < _text.Length && _text[_position] == '\n') _position++;
                    _line++;
                    atRowEnd = true;
                }
            }
            if (fields.Count == 1 && fields[0].Length == 0) continue;
            yield return (start, fields);
        }
    }

    private static int IndexOfLineEnd(string text)
    {
        var end = text.AsSpan().IndexOfAny('\r', '\n');
        return end < 0 ? text.Length : end;
    }
}
