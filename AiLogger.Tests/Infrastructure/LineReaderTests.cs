using System.Text;
using AiLogger.Infrastructure.Imports;
using AiLogger.Infrastructure.Ingest.Formats;

namespace AiLogger.Tests.Infrastructure;

public sealed class LineReaderTests
{
    [Fact]
    public void Lines_come_with_their_offsets_and_CRLF_is_trimmed()
    {
        var reader = Reader("one\r\ntwo\nthree", maxLineBytes: 100);

        Assert.Equal([("one", 0L), ("two", 5L)], ReadAll(reader, takePartial: false));
        Assert.Equal(9, reader.Offset);
    }

    [Fact]
    public void A_partial_last_line_waits_unless_the_file_will_not_grow()
    {
        Assert.Equal(["a"], ReadAll(Reader("a\nb", 100), takePartial: false).Select(l => l.Text));
        var final = Reader("a\nb", 100);
        Assert.Equal(["a", "b"], ReadAll(final, takePartial: true).Select(l => l.Text));
        Assert.Equal(3, final.Offset);
    }

    [Fact]
    public void A_line_over_the_limit_is_cut_flagged_and_the_next_line_read_whole()
    {
        var reader = Reader(new string('x', 300_000) + "\nafter\n", maxLineBytes: 1_000);

        Assert.True(reader.TryRead(false, out var first));
        Assert.True(first.TooLong);
        Assert.Equal(1_000, first.Bytes.Length);
        Assert.Equal(0, first.Start);
        Assert.True(reader.TryRead(false, out var second));
        Assert.Equal("after", Encoding.UTF8.GetString(second.Bytes.Span));
        Assert.Equal(300_001, second.Start);
        Assert.False(reader.TryRead(false, out _));
        Assert.Equal(300_007, reader.Offset);
    }

    [Fact]
    public void An_overlong_unfinished_last_line_does_not_move_the_offset()
    {
        var reader = Reader("ok\n" + new string('y', 5_000), maxLineBytes: 1_000);

        Assert.True(reader.TryRead(false, out _));
        Assert.False(reader.TryRead(false, out _));
        Assert.Equal(3, reader.Offset);
    }

    [Fact]
    public void Reading_starts_at_the_offset_given()
    {
        var stream = new MemoryStream(Encoding.UTF8.GetBytes("skip\nkeep\n"));
        stream.Position = 5;
        var reader = new LineReader(stream, 5, 100);

        Assert.Equal([("keep", 5L)], ReadAll(reader, false));
    }

    [Theory]
    [InlineData("2026-11-25 10:00:00,123", "Europe/Paris", "2026-11-25T09:00:00.1230000+00:00")]
    [InlineData("2026-07-01T12:00:00", "Europe/Paris", "2026-07-01T10:00:00.0000000+00:00")]
    [InlineData("2026-07-01T12:00:00+02:00", "America/New_York", "2026-07-01T10:00:00.0000000+00:00")]
    [InlineData("2026-03-29 02:30:00", "Europe/Paris", "2026-03-29T01:30:00.0000000+00:00")] // in the spring-forward gap: read with the offset before it
    public void Naive_timestamps_are_read_in_the_zone_and_explicit_offsets_kept(string text, string zone, string expected)
    {
        Assert.True(LocalTimestamps.TryParse(text, TimeZoneInfo.FindSystemTimeZoneById(zone), out var timestamp));
        Assert.Equal(DateTimeOffset.Parse(expected), timestamp);
        Assert.Equal(TimeSpan.Zero, timestamp.Offset);
    }

    private static LineReader Reader(string text, int maxLineBytes) => new(new MemoryStream(Encoding.UTF8.GetBytes(text)), 0, maxLineBytes);

    private static List<(string Text, long Start)> ReadAll(LineReader reader, bool takePartial)
    {
        var lines = new List<(string, long)>();
        while (reader.TryRead(takePartial, out var line)) lines.Add((Encoding.UTF8.GetString(line.Bytes.Span), line.Start));
        return lines;
    }
}
