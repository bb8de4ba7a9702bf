using System.Buffers.Binary;
using System.Text;

namespace AiLogger.Infrastructure.Persistence.Postgres;

/// <summary>
/// The keyword document in <c>tsvector</c>'s binary form (what <c>tsvectorrecv</c> reads), for COPY BINARY: the
/// server stores it without parsing text. Lexemes are sorted as the server sorts them (bytes, shorter first), so it
/// has nothing to reorder.
/// </summary>
internal static class PostgresTsVector
{
    [ThreadStatic] private static DocumentBuilder? t_builder;

    /// <summary>
    /// The document of <see cref="PostgresSearchDocument.Build"/> built straight from the text: the writer's hot path,
    /// one array per event and no string per token.
    /// </summary>
    public static byte[] Document(string? message, string? exception) => (t_builder ??= new DocumentBuilder()).Build(message, exception);

    /// <summary>A <see cref="PostgresSearchDocument.Build"/> literal in binary form.</summary>
    public static byte[] Binary(string literal)
    {
        var lexemes = new List<(byte[] Text, List<ushort> Positions)>();
        var i = 0;
        while (i < literal.Length)
        {
            // 'lexeme':1,2,3 — lexemes are letters and digits, so they hold no quote, space or comma.
            var end = literal.IndexOf('\'', i + 1);
            var text = Encoding.UTF8.GetBytes(literal, i + 1, end - i - 1);
            var positions = new List<ushort>();
            i = end + 2;
            while (i < literal.Length && literal[i] != ' ')
            {
                var position = 0;
                while (i < literal.Length && literal[i] is >= '0' and <= '9') position = position * 10 + (literal[i++] - '0');
                positions.Add((ushort)position);
                if (i < literal.Length && literal[i] == ',') i++;
            }
            lexemes.Add((text, positions));
            i++;
        }
        lexemes.Sort((a, b) => a.Text.AsSpan().SequenceCompareTo(b.Text));

        var size = 4;
        foreach (var (text, positions) in lexemes) size += text.Length + 1 + 2 + 2 * positions.Count;
        var bytes = new byte[size];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteInt32BigEndian(span, lexemes.Count);
        var at = 4;
        foreach (var (text, positions) in lexemes)
        {
            text.CopyTo(span[at..]);
            at += text.Length + 1; // NUL-terminated
            BinaryPrimitives.WriteUInt16BigEndian(span[at..], (ushort)positions.Count);
            at += 2;
            foreach (var position in positions)
            {
                BinaryPrimitives.WriteUInt16BigEndian(span[at..], position);
                at += 2;
            }
        }
        return bytes;
    }

    /// <summary>Reused buffers of one thread: tokens go into one byte buffer, are sorted as (bytes, position) and grouped.</summary>
    private sealed class DocumentBuilder : IComparer<DocumentBuilder.Token>
    {
        private const int MaxLexemeBytes = 2_046;
        private const int MaxPositionsPerLexeme = 255;
        private byte[] _bytes = new byte[2048];
        private char[] _chars = new char[256];
        private Token[] _tokens = new Token[64];
        private byte[] _output = new byte[2048];
        private int _byteCount;
        private int _tokenCount;

        public byte[] Build(string? message, string? exception)
        {
            _byteCount = 0;
            _tokenCount = 0;
            var next = 1;
            Add(message, ref next);
            next++; // no phrase spans message and exception
            Add(exception, ref next);
            Array.Sort(_tokens, 0, _tokenCount, this);

            var lexemes = 0;
            var at = 4;
            for (var i = 0; i < _tokenCount;)
            {
                var text = Text(_tokens[i]);
                Reserve(ref at, text.Length + 3 + 2 * Math.Min(MaxPositionsPerLexeme, _tokenCount - i));
                text.CopyTo(_output.AsSpan(at));
                at += text.Length;
                _output[at++] = 0;
                var countAt = at;
                at += 2;
                var positions = 0;
                var last = -1;
                var j = i;
                for (; j < _tokenCount && Text(_tokens[j]).SequenceEqual(text); j++)
                {
                    var position = _tokens[j].Position;
                    if (positions == MaxPositionsPerLexeme || position == last) continue;
                    BinaryPrimitives.WriteUInt16BigEndian(_output.AsSpan(at), (ushort)position);
                    at += 2;
                    positions++;
                    last = position;
                }
                BinaryPrimitives.WriteUInt16BigEndian(_output.AsSpan(countAt), (ushort)positions);
                lexemes++;
                i = j;
            }
            BinaryPrimitives.WriteInt32BigEndian(_output, lexemes);
            return _output.AsSpan(0, at).ToArray();
        }

        private void Add(string? text, ref int next)
        {
            if (string.IsNullOrEmpty(text)) return;
            var span = text.AsSpan();
            var i = 0;
            while (i < span.Length)
            {
                while (i < span.Length && !char.IsLetterOrDigit(span[i])) i++;
                var start = i;
                while (i < span.Length && char.IsLetterOrDigit(span[i])) i++;
                if (i == start) continue;
                var position = Math.Min(next++, PostgresSearchDocument.MaxPosition);
                var token = span[start..i];
                if (_chars.Length < token.Length) _chars = new char[Math.Max(token.Length, _chars.Length * 2)];
                var lower = _chars.AsSpan(0, token.ToLowerInvariant(_chars));
                var length = Encoding.UTF8.GetByteCount(lower);
                if (length > MaxLexemeBytes) continue;
                if (_bytes.Length < _byteCount + length) Array.Resize(ref _bytes, Math.Max(_byteCount + length, _bytes.Length * 2));
                Encoding.UTF8.GetBytes(lower, _bytes.AsSpan(_byteCount));
                if (_tokenCount == _tokens.Length) Array.Resize(ref _tokens, _tokens.Length * 2);
                _tokens[_tokenCount++] = new Token(_byteCount, length, position);
                _byteCount += length;
            }
        }

        private void Reserve(ref int at, int more)
        {
            if (_output.Length < at + more) Array.Resize(ref _output, Math.Max(at + more, _output.Length * 2));
        }

        private ReadOnlySpan<byte> Text(Token token) => _bytes.AsSpan(token.Offset, token.Length);

        public int Compare(Token x, Token y)
        {
            var order = Text(x).SequenceCompareTo(Text(y));
            return order != 0 ? order : x.Position.CompareTo(y.Position);
        }

        public readonly record struct Token(int Offset, int Length, int Position);
    }
}
