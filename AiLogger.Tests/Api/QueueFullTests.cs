using System.Net;
using System.Text;
using AiLogger.Tests.Support;

namespace AiLogger.Tests.Api;

public sealed class SmallQueueFixture() : AppFixture(new Dictionary<string, string?>
{
    ["AiLogger:Ingest:QueueCapacity"] = "100",
    ["AiLogger:Ingest:QueueWait"] = "00:00:00",
    ["AiLogger:Storage:Synchronous"] = "Full",
});

/// <summary>A full queue answers 503 with Retry-After at once; what was acknowledged is stored, what was refused is not.</summary>
public sealed class QueueFullTests(SmallQueueFixture app) : IClassFixture<SmallQueueFixture>
{
    [Fact]
    public async Task Full_queue_answers_503_with_Retry_After_and_loses_nothing_acknowledged()
    {
        var run = Guid.NewGuid().ToString("N");
        using var client = app.CreateClient(AppFixture.AdminKey);
        var outcomes = new List<(int Batch, HttpResponseMessage Response)>();
        for (var round = 0; round < 10 && !outcomes.Any(o => o.Response.StatusCode == HttpStatusCode.ServiceUnavailable); round++)
        {
            var sends = Enumerable.Range(round * 20, 20).Select(async batch =>
                (batch, await client.PostAsync("/ingest/clef", new StringContent(Batch(run, batch), Encoding.UTF8, "application/vnd.serilog.clef"))));
            outcomes.AddRange(await Task.WhenAll(sends));
        }

        var refused = outcomes.Where(o => o.Response.StatusCode == HttpStatusCode.ServiceUnavailable).ToList();
        Assert.NotEmpty(refused);
        Assert.Equal("1", refused[0].Response.Headers.GetValues("Retry-After").Single());
        Assert.Contains("retry", await refused[0].Response.ErrorMessageAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.All(outcomes, o => Assert.Contains(o.Response.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.ServiceUnavailable }));

        var stored = (await client.SearchAllAsync($"QueueRun:{run}"))
            .GroupBy(e => e.GetProperty("properties").GetProperty("Batch").GetInt32())
            .ToDictionary(g => g.Key, g => g.Count());
        foreach (var (batch, response) in outcomes)
            Assert.Equal(response.StatusCode == HttpStatusCode.Created ? 100 : 0, stored.GetValueOrDefault(batch));
    }

    private static string Batch(string run, int batch) => string.Concat(Enumerable.Range(0, 100).Select(i =>
        $$"""{"@t":"2026-11-25T10:00:00Z","@mt":"Queue test {Seq}","Seq":{{i}},"Batch":{{batch}},"QueueRun":"{{run}}"}""" + "\n"));
}
