using AiLogger.Infrastructure.ModelMonitoring;

namespace AiLogger.Tests.ModelMonitoring;

public sealed class ModelReaderTests
{
    [Fact]
    public void Csv_reads_quoted_fields_with_delimiters_quotes_and_line_breaks()
    {
        var rows = new CsvReader("id,note\r\n\"a,1\",\"said \"\"hi\"\"\"\n\n\"b\",\"two\nlines\"\nc, spaced \n").Rows().ToList();

        Assert.Equal([1, 2, 4, 6], rows.Select(r => r.Line));
        Assert.Equal(["a,1", "said \"hi\""], rows[1].Fields);
        Assert.Equal(["b", "two\nlines"], rows[2].Fields);
        Assert.Equal(["c", "spaced"], rows[3].Fields);
    }

    [Theory]
    [InlineData("id;predicted\nx;cat\n", "x")]
    [InlineData("id\tpredicted\nx\tcat\n", "x")]
    public void Csv_takes_the_delimiter_the_header_uses(string text, string first)
    {
        var rows = new CsvReader(text).Rows().ToList();

        Assert.Equal(first, rows[1].Fields[0]);
        Assert.Equal(2, rows[1].Fields.Count);
    }

    [Theory]
    [InlineData("predictions.csv", "{\"id\":1}", "csv")]
    [InlineData("predictions.JSONL", "id,predicted", "jsonl")]
    [InlineData("export.csv.gz", "", "csv")]
    [InlineData(null, "  {\"id\":1}", "jsonl")]
    [InlineData("upload", "id,predicted", "csv")]
    public void The_format_comes_from_the_extension_else_the_content(string? fileName, string text, string expected) =>
        Assert.Equal(expected, ModelFileReader.Detect(fileName, text));
}
