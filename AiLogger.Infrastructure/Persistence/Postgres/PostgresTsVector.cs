using System.Buffers.Binary;
using System.Text;

namespace AiLogger.Infrastructure.Persistence.Postgres;

/// <summary>
/// A <see cref="PostgresSearchDocument.Build"/> literal in <c>tsvector</c>'s binary form (what <c>tsvectorrecv</c>
/// reads), for COPY BINARY: the server stores it without parsing text. Lexemes are sorted as the server sorts
/// them (bytes, shorter first), so it has nothing to reorder.
/// </summary>
internal static class PostgresTsVector
{
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
}
