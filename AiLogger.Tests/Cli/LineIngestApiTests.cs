using System.Net;
using System.Text;
using System.Text.Json;
using AiLogger.Tests.Support;

namespace AiLogger.Tests.Cli;

/// <summary><c>POST /api/logs/lines</c>, which the CLI's ingest uses: clear refusals, held lines, nothing stored from a refused batch.</summary>
public sealed class LineIngestApiTests(AppFixture app) : IClassFixture<AppFixture>
{
    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string query, byte[] body)
    {
        using var client = app.CreateClient(AppFixture.AdminKey);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("text/plain");
        using var response = await client.PostAsync("/api/logs/lines?" + query, content);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    [Theory]
    [InlineData("format=yaml", "'yaml' is not a format")]
    [InlineData("format=text", "The text format needs a regular expression")]
    [InlineData("format=text&pattern=(%3F<message>", "The regular expression is invalid")]
    [InlineData("format=text&pattern=(%3F<text>.*)", "needs a named group 'message'")]
    [InlineData("invalid=maybe", "'invalid' must be fail or skip")]
    [InlineData("property=NoEquals", "'property' must be Name=Value")]
    [InlineData("firstLine=0", "'firstLine' must be a whole number")]
    [InlineData("final=perhaps", "'final' must be true or false")]
    [InlineData("timeZone=Mars/Olympus", "not a known time zone")]
    public async Task Bad_parameters_are_refused_with_400_naming_them(string query, string message)
    {
        var (status, body) = await PostAsync(query + "&source=lines-bad", "{\"message\":\"x\"}\n"u8.ToArray());
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(message, body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Invalid_utf8_is_refused_and_nothing_is_stored()
    {
        var (status, body) = await PostAsync("format=jsonl", [.. "{\"message\":\"ok\",\"component\":\"lines-utf8\"}\n"u8, 0xff, 0xfe, (byte)'\n']);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("UTF-8", body.GetProperty("detail").GetString());
        using var client = app.CreateClient(AppFixture.AdminKey);
        Assert.Empty(await client.SearchAllAsync("source:lines-utf8"));
    }

    [Fact]
    public async Task An_open_traceback_is_held_back_and_named_for_the_next_batch()
    {
        var lines = "2026-12-01 10:00:00,000 - lines-held - INFO - first\n2026-12-01 10:00:01,000 - lines-held - ERROR - second\nTraceback (most recent call last):\n"u8.ToArray();
        var (status, body) = await PostAsync("format=python&final=false&firstLine=41", lines);
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(1, body.GetProperty("ingested").GetInt32());
        Assert.Equal(2, body.GetProperty("heldLines").GetInt32());
        Assert.Equal(1, body.GetProperty("linesRead").GetInt64());

        var bad = await PostAsync("format=jsonl&firstLine=41", Encoding.UTF8.GetBytes("{\"message\":\"a\"}\n{oops\n"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Contains("line 42", bad.Body.GetProperty("detail").GetString());
        Assert.Equal(42, bad.Body.GetProperty("errors")[0].GetProperty("line").GetInt64());
    }
}
