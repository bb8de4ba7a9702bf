using System.Net;
using System.Text;
using AiLogger.Domain.Ingest;
using AiLogger.Infrastructure.Ingest;
using AiLogger.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AiLogger.Tests.Api;

/// <summary>The in-flight body budget: room is shared, waited for a while, then refused; never more than the budget at once.</summary>
public sealed class IngestAdmissionTests
{
    private static readonly FakeTimeProvider Clock = new();

    private static IngestAdmission Admission(long budget) =>
        new(Options.Create(new IngestOptions { MaxBodyBytes = budget, MaxInFlightBytes = budget, QueueWait = TimeSpan.FromSeconds(2) }), Clock);

    [Fact]
    public async Task A_request_that_does_not_fit_waits_for_room_and_gets_it_when_another_finishes()
    {
        var admission = Admission(1_000);
        var first = await admission.AdmitAsync(600, CancellationToken.None);

        var second = admission.AdmitAsync(600, CancellationToken.None);
        Assert.False(second.IsCompleted);
        first.Dispose();

        using var admitted = await second;
        Assert.Equal(600, admission.InFlightBytes);
    }

    [Fact]
    public async Task A_request_that_finds_no_room_within_the_wait_is_refused_with_retry_after()
    {
        var admission = Admission(1_000);
        using var first = await admission.AdmitAsync(900, CancellationToken.None);

        var second = admission.AdmitAsync(200, CancellationToken.None);
        Clock.Advance(TimeSpan.FromSeconds(3));

        var refused = await Assert.ThrowsAsync<IngestQueueFullException>(() => second);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.RetryAfter);
        Assert.Equal(900, admission.InFlightBytes);
    }

    [Fact]
    public async Task With_nothing_in_flight_a_body_larger_than_the_budget_is_admitted()
    {
        var admission = Admission(1_000);

        using var big = await admission.AdmitAsync(5_000, CancellationToken.None);

        Assert.Equal(5_000, admission.InFlightBytes);
    }

    [Fact]
    public async Task A_growing_body_takes_more_room_and_gives_all_of_it_back()
    {
        var admission = Admission(1_000);
        var lease = await admission.AdmitAsync(100, CancellationToken.None);
        await lease.GrowAsync(400, CancellationToken.None);
        Assert.Equal(500, admission.InFlightBytes);

        lease.Dispose();
        lease.Dispose();

        Assert.Equal(0, admission.InFlightBytes);
    }
}

public sealed class TightAdmissionFixture() : AppFixture(new Dictionary<string, string?>
{
    ["AiLogger:Ingest:MaxBodyBytes"] = "1048576",
    ["AiLogger:Ingest:MaxInFlightBytes"] = "1048576",
    ["AiLogger:Ingest:QueueWait"] = "00:00:00.300",
});

/// <summary>Over HTTP: while one large body is still arriving, another that does not fit is refused before it is read.</summary>
public sealed class AdmissionTests(TightAdmissionFixture app) : IClassFixture<TightAdmissionFixture>
{
    /// <summary>A body that sends its first part, then waits for the test's signal before the rest.</summary>
    private sealed class HeldContent(byte[] body, int sendFirst, Task release) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(body.AsMemory(0, sendFirst));
            await stream.FlushAsync();
            await release;
            await stream.WriteAsync(body.AsMemory(sendFirst));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = body.Length;
            return true;
        }
    }

    private static byte[] Clef(string run, int count, int padding) => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, count).Select(i =>
        $$"""{"@t":"2026-11-25T10:00:00Z","@mt":"held {N}","N":{{i}},"Run":"{{run}}","Pad":"{{new string('p', padding)}}"}""" + "\n")));

    [Fact]
    public async Task A_body_that_does_not_fit_beside_one_in_flight_gets_503_with_retry_after_and_nothing_is_lost()
    {
        var run = Guid.NewGuid().ToString("N");
        using var client = app.CreateClient(AppFixture.AdminKey);
        var large = Clef(run + "a", 900, 800);
        var release = new TaskCompletionSource();
        using var held = new HeldContent(large, 1_000, release.Task);
        held.Headers.ContentType = new("application/vnd.serilog.clef");
        var first = client.PostAsync("/ingest/clef", held);
        // Until the server has admitted the first body (it holds its bytes while the rest has not arrived).
        var admission = app.Services.GetRequiredService<IngestAdmission>();
        for (var wait = 0; admission.InFlightBytes == 0 && wait < 200; wait++) await Task.Delay(25);
        Assert.True(admission.InFlightBytes > 0, "the first body was never admitted");

        using var second = await client.PostAsync("/ingest/clef", new ByteArrayContent(Clef(run + "b", 400, 800)) { Headers = { ContentType = new("application/vnd.serilog.clef") } });
        release.SetResult();
        using var firstResponse = await first;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        Assert.Equal("1", second.Headers.GetValues("Retry-After").Single());
        Assert.Equal(HttpStatusCode.Created, firstResponse.StatusCode);
        Assert.Equal(900, (await client.SearchAllAsync($"Run:{run}a")).Count);
        Assert.Empty(await client.SearchAllAsync($"Run:{run}b"));
    }
}
