using System.IO.Compression;

namespace AiLogger.Cli.Commands;

/// <summary>
/// Cuts a stream into batches of whole lines (at most so many lines or bytes), keeping where each line starts
/// so that lines the server held back can be carried into the next batch.
/// </summary>
public sealed class LineBatcher(Stream input, int maxLines, int maxBytes)
{
    private readonly byte[] _buffer = new byte[1 << 20];
    private int _start;
    private int _end;
    private bool _eof;
    private byte[] _carry = [];
    private int _carryLines;

    /// <summary>Bytes of the input consumed so far (before gzip is undone, when it is).</summary>
    public long Consumed => _counting?.Position ?? 0;

    private CountingStream? _counting;

    /// <summary>Opens a file or standard input, undoing gzip when the content starts with its magic bytes.</summary>
    public static LineBatcher Open(Stream raw, int maxLines, int maxBytes, out CountingStream counting)
    {
        counting = new CountingStream(raw);
        var buffered = new BufferedStream(counting, 1 << 16);
        var head = new byte[2];
        var read = 0;
        while (read < 2)
        {
            var n = buffered.Read(head, read, 2 - read);
            if (n == 0) break;
            read += n;
        }
        Stream content = new PrefixStream(head.AsMemory(0, read), buffered);
        if (read == 2 && head[0] == 0x1f && head[1] == 0x8b) content = new GZipStream(content, CompressionMode.Decompress);
        return new LineBatcher(content, maxLines, maxBytes) { _counting = counting };
    }

    /// <summary>Lines carried from the last batch are put before the next one.</summary>
    public void Carry(LineBatch batch, int heldLines)
    {
        if (heldLines <= 0) return;
        var from = batch.LineStarts[batch.Lines - heldLines];
        _carry = batch.Content.Span[from..].ToArray();
        _carryLines = heldLines;
    }

    /// <summary>The next batch, or null at the end (after the carried lines are sent once more with it).</summary>
    public async Task<LineBatch?> NextAsync(CancellationToken cancellationToken)
    {
        var bytes = new MemoryStream(Math.Min(maxBytes, 4 << 20));
        var starts = new List<int>(Math.Min(maxLines, 65_536));
        if (_carry.Length > 0)
        {
            // The carried lines' starts are found again by their newlines.
            starts.Add(0);
            for (var i = 0; i < _carry.Length - 1; i++)
                if (_carry[i] == (byte)'\n') starts.Add(i + 1);
            bytes.Write(_carry);
            _carry = [];
            _carryLines = 0;
        }
        var carried = starts.Count;

        // At least one new line, however many were carried: else a long traceback would be held back for ever.
        while (starts.Count < Math.Max(maxLines, carried + 1) && (bytes.Length < maxBytes || starts.Count == carried))
        {
            if (_start == _end)
            {
                if (_eof) break;
                _start = 0;
                _end = await input.ReadAsync(_buffer, cancellationToken);
                if (_end == 0)
                {
                    _eof = true;
                    break;
                }
            }
            var available = _buffer.AsSpan(_start, _end - _start);
            var newline = available.IndexOf((byte)'\n');
            var take = newline >= 0 ? newline + 1 : available.Length;
            if (IsLineStart(bytes)) starts.Add((int)bytes.Length);
            bytes.Write(available[..take]);
            _start += take;
        }
        if (bytes.Length > 0 && bytes.GetBuffer()[bytes.Length - 1] != (byte)'\n' && !_eof)
        {
            // Finish the line in progress so a batch never ends inside one.
            while (true)
            {
                if (_start == _end)
                {
                    _start = 0;
                    _end = await input.ReadAsync(_buffer, cancellationToken);
                    if (_end == 0)
                    {
                        _eof = true;
                        break;
                    }
                }
                var available = _buffer.AsSpan(_start, _end - _start);
                var newline = available.IndexOf((byte)'\n');
                var take = newline >= 0 ? newline + 1 : available.Length;
                bytes.Write(available[..take]);
                _start += take;
                if (newline >= 0) break;
            }
        }
        if (starts.Count == 0) return null;
        var final = _eof && _start == _end;
        return new LineBatch(bytes.GetBuffer().AsMemory(0, (int)bytes.Length), starts, carried, final);
    }

    private static bool IsLineStart(MemoryStream bytes) => bytes.Length == 0 || bytes.GetBuffer()[bytes.Length - 1] == (byte)'\n';
}

/// <param name="Carried">How many of its first lines were sent before and held back by the server.</param>
/// <param name="Final">No line follows it.</param>
public sealed record LineBatch(ReadOnlyMemory<byte> Content, List<int> LineStarts, int Carried, bool Final)
{
    public int Lines => LineStarts.Count;
}

/// <summary>Counts the bytes read through it (progress of a file, before gzip is undone).</summary>
public sealed class CountingStream(Stream inner) : Stream
{
    private long _position;

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = inner.Read(buffer, offset, count);
        _position += n;
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await inner.ReadAsync(buffer, cancellationToken);
        _position += n;
        return n;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => inner.Length;
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>A few bytes already read, then the rest of the stream.</summary>
internal sealed class PrefixStream(ReadOnlyMemory<byte> prefix, Stream rest) : Stream
{
    private ReadOnlyMemory<byte> _prefix = prefix;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_prefix.IsEmpty) return rest.Read(buffer);
        var n = Math.Min(buffer.Length, _prefix.Length);
        _prefix.Span[..n].CopyTo(buffer);
        _prefix = _prefix[n..];
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _prefix.IsEmpty ? rest.ReadAsync(buffer, cancellationToken) : new ValueTask<int>(Read(buffer.Span));

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) rest.Dispose();
        base.Dispose(disposing);
    }
}
