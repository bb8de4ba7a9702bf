namespace AiLogger.Infrastructure.Imports;

/// <summary>
/// Splits a stream into lines, tracking the byte offset after each. A line longer than the limit comes back cut
/// to the limit and flagged <see cref="ImportLine.TooLong"/>; the rest of it is skipped.
/// </summary>
internal sealed class LineReader(Stream stream, long startOffset, int maxLineBytes)
{
    private byte[] _buffer = new byte[Math.Clamp(maxLineBytes + 1, 64 * 1024, 1024 * 1024)];
    private int _start;
    private int _end;
    private bool _eof;
    private long _position = startOffset;
    private byte[]? _longLine;
    private long _longLineStart;

    /// <summary>Offset just after the last line returned.</summary>
    public long Offset { get; private set; } = startOffset;

    /// <summary>
    /// The next complete line (without its <c>\n</c> or <c>\r\n</c>). At the end of the stream a last line without a
    /// newline is returned only when <paramref name="takePartial"/> (a file that will not grow); otherwise it waits.
    /// </summary>
    public bool TryRead(bool takePartial, out ImportLine line)
    {
        while (true)
        {
            var available = _buffer.AsSpan(_start, _end - _start);
            var newline = available.IndexOf((byte)'\n');
            if (_longLine is not null)
            {
                if (newline >= 0)
                {
                    Skip(newline + 1);
                    return Long(out line);
                }
                Skip(available.Length);
            }
            else if (newline >= 0 && newline <= maxLineBytes)
            {
                line = new ImportLine(TrimCarriageReturn(_buffer.AsMemory(_start, newline)), _position, false);
                Skip(newline + 1);
                Offset = _position;
                return true;
            }
            else if (newline > maxLineBytes || available.Length > maxLineBytes)
            {
                _longLine = available[..maxLineBytes].ToArray();
                _longLineStart = _position;
                continue;
            }

            if (_eof)
            {
                if (_longLine is not null && takePartial) return Long(out line);
                if (_longLine is null && _end > _start && takePartial)
                {
                    line = new ImportLine(TrimCarriageReturn(_buffer.AsMemory(_start, _end - _start)), _position, false);
                    Skip(_end - _start);
                    Offset = _position;
                    return true;
                }
                line = default;
                return false;
            }
            Fill();
        }
    }

    private bool Long(out ImportLine line)
    {
        line = new ImportLine(_longLine!, _longLineStart, true);
        _longLine = null;
        Offset = _position;
        return true;
    }

    private void Skip(int bytes)
    {
        _start += bytes;
        _position += bytes;
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        var read = stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0) _eof = true;
        _end += read;
    }

    private static ReadOnlyMemory<byte> TrimCarriageReturn(ReadOnlyMemory<byte> line) =>
        line.Length > 0 && line.Span[^1] == (byte)'\r' ? line[..^1] : line;
}
