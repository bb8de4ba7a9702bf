using System.Buffers.Binary;
using System.Text;
using AiLogger.Infrastructure.Persistence.Postgres;

namespace AiLogger.Tests.Storage;

/// <summary>The writer's direct document builder must send the server exactly what the literal path sends.</summary>
public sealed class PostgresTsVectorTests
{
    public static TheoryData<string?, string?> Texts => new()
    {
        { null, null },
        { "", "" },
        { "Order 42 failed", null },
        { "beta alpha beta ALPHA alpha", "alpha at Service.Handle()" },
        { "Grüße aus Köln — ÉCOLE école", "Ωμέγα ΩΜΈΓΑ" },
        { "a ab abc abcd abc ab a", "b" },
        { "emoji 😀 between words, tabs\tand\nnewlines", null },
        { string.Join(' ', Enumerable.Repeat("same", 400)), null },                     // positions capped at 255 per lexeme
        { string.Join(' ', Enumerable.Range(0, 17_000).Select(i => "w" + i % 50)), null }, // positions past 16,383 collapse
        { new string('x', 3_000) + " short", null },                                  // a lexeme over 2 KB is left out
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void Direct_document_equals_the_literal_path(string? message, string? exception)
    {
        var expected = PostgresTsVector.Binary(PostgresSearchDocument.Build(message, exception));

        Assert.Equal(expected, PostgresTsVector.Document(message, exception));
    }

    [Fact]
    public void Document_lists_each_lexeme_once_in_byte_order_with_its_positions()
    {
        var bytes = PostgresTsVector.Document("beta Alpha beta", "alpha");

        // 2 lexemes; 'alpha' at 1-based positions 2 and 5 (the exception starts one past the message's last + 1), 'beta' at 1 and 3.
        var expected = new List<byte>();
        expected.AddRange([0, 0, 0, 2]);
        expected.AddRange(Encoding.UTF8.GetBytes("alpha"));
        expected.AddRange([0, 0, 2, 0, 2, 0, 5]);
        expected.AddRange(Encoding.UTF8.GetBytes("beta"));
        expected.AddRange([0, 0, 2, 0, 1, 0, 3]);
        Assert.Equal(expected.ToArray(), bytes);
        Assert.Equal(2, BinaryPrimitives.ReadInt32BigEndian(bytes));
    }
}
