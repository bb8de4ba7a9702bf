using AiLogger.Domain.Ingest;
using AiLogger.Domain.Traces;
using AiLogger.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AiLogger.Tests.Traces;

/// <summary>
/// Trace and LLM usage figures over a real SQLite store fed through the one writer, against figures worked out by hand
/// from the spans below (the comments carry the sums).
/// </summary>
public class TraceStatisticsTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 30, 0, TimeSpan.Zero);
    private const string Gpt = "gpt-4o";
    private const string Claude = "claude-3-5-sonnet";
    // Trace ids padded from 64 bits: their index keys (the first 8 bytes) are all zero, their ids differ.
    private static readonly string T1 = $"{1:x32}", T2 = $"{2:x32}", T3 = $"{3:x32}", T4 = $"{4:x32}", T5 = $"{5:x32}";
    private readonly FakeTimeProvider _clock = new(Now);
    private InfrastructureHost _host = default!;
    private int _spanIds;

    protected TimeProvider Clock => _clock;

    /// <summary>The store the figures are read from: the one the spans were written to, unless a provider's tests copy them elsewhere.</summary>
    protected virtual ITraceStatistics Statistics => _host.Get<ITraceStatistics>();

    /// <summary>Settings of the host the spans are written through.</summary>
    protected virtual IDictionary<string, string?>? HostSettings => null;

    /// <summary>Runs once the spans are committed.</summary>
    protected virtual Task WrittenAsync(InfrastructureHost host) => Task.CompletedTask;

    public virtual async Task InitializeAsync()
    {
        _host = await InfrastructureHost.StartAsync(HostSettings, services: s => s.AddSingleton<TimeProvider>(_clock));
        var spans = new List<Span>();
        // T1, 10 min ago, service bot: gpt-4o 100/50 200 ms, gpt-4o 300/100 400 ms failed, claude 1000/10 1 s; a "retrieve docs" span.
        var r1 = Root(spans, T1, "bot", "chat", Now.AddMinutes(-10));
        spans.Add(Child(T1, r1, "bot", "retrieve docs", Now.AddMinutes(-10), 5));
        spans.Add(Call(T1, r1, "bot", Gpt, 100, 50, Now.AddMinutes(-10), 200));
        spans.Add(Call(T1, r1, "bot", Gpt, 300, 100, Now.AddMinutes(-9), 400, SpanStatus.Error));
        spans.Add(Call(T1, r1, "bot", Claude, 1000, 10, Now.AddMinutes(-8), 1000));
        // T2, 30 min ago, service batch, its root failed: gpt-4o 10/5 100 ms.
        var r2 = Root(spans, T2, "batch", "nightly", Now.AddMinutes(-30), SpanStatus.Error);
        spans.Add(Call(T2, r2, "batch", Gpt, 10, 5, Now.AddMinutes(-30), 100));
        // T3, 2 h ago (today, not the last hour), failed: claude 20/20 300 ms.
        var r3 = Root(spans, T3, "bot", "chat", Now.AddHours(-2), SpanStatus.Error);
        spans.Add(Call(T3, r3, "bot", Claude, 20, 20, Now.AddHours(-2), 300));
        // T4, yesterday: gpt-4o 7/3 50 ms.
        var r4 = Root(spans, T4, "bot", "chat", Now.AddDays(-1));
        spans.Add(Call(T4, r4, "bot", Gpt, 7, 3, Now.AddDays(-1), 50));
        // T5, 5 min ago, no GenAI span.
        Root(spans, T5, "web", "GET /", Now.AddMinutes(-5));
        await _host.Get<IIngestor>().IngestAsync(new IngestBatch([], spans), IngestContext.Anonymous, CancellationToken.None);
        await WrittenAsync(_host);
    }

    public virtual async Task DisposeAsync() => await _host.DisposeAsync();

    private string NextSpanId() => $"{++_spanIds:x16}";

    private string Root(List<Span> spans, string trace, string service, string name, DateTimeOffset start, SpanStatus status = SpanStatus.Unset)
    {
        var span = Child(trace, null, service, name, start, 2_000, status);
        spans.Add(span);
        return span.SpanId;
    }

    private Span Child(string trace, string? parent, string service, string name, DateTimeOffset start, double ms, SpanStatus status = SpanStatus.Unset) => new()
    {
        TraceId = trace,
        SpanId = NextSpanId(),
        ParentSpanId = parent,
        Name = name,
        Service = service,
        StartUnixNano = SpanTime.ToUnixNano(start),
        EndUnixNano = SpanTime.ToUnixNano(start) + (long)(ms * 1_000_000),
        Status = status,
    };

    private Span Call(string trace, string parent, string service, string model, long input, long output, DateTimeOffset start, double ms, SpanStatus status = SpanStatus.Unset) =>
        Child(trace, parent, service, $"chat {model}", start, ms, status) with { GenAi = new GenAiUsage(model, input, output) };

    private Task<LlmUsageReport> UsageAsync(string? service = null, string? query = null, int top = 20) =>
        Statistics.GetLlmUsageAsync(new LlmUsageRequest
        {
            From = new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero),
            To = new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero),
            Service = service,
            Query = TraceQuery.Parse(query),
            TopTraces = top,
        }, CancellationToken.None);

    [SkippableFact]
    public async Task Overview_counts_the_last_hours_traces_and_error_traces_and_todays_tokens()
    {
        var overview = await Statistics.GetOverviewAsync(CancellationToken.None);

        Assert.Equal(3, overview.TracesLastHour); // T1, T2, T5
        Assert.Equal(2, overview.ErrorTracesLastHour); // T1 (a failed call), T2 (its root); T3 is older
        Assert.Equal(0.05, overview.TracesPerMinute, 6);
        Assert.Equal(150 + 400 + 1010 + 15 + 40, overview.LlmTokensToday); // T1, T2, T3; not yesterday's T4
    }

    [SkippableFact]
    public async Task Usage_per_model_per_day_counts_calls_tokens_and_errors()
    {
        var usage = await UsageAsync();

        Assert.Equal(
        [
            new LlmDailyUsage(new DateOnly(2026, 11, 30), Gpt, 1, 7, 3, 0),
            new LlmDailyUsage(new DateOnly(2026, 12, 1), Claude, 2, 1020, 30, 0),
            new LlmDailyUsage(new DateOnly(2026, 12, 1), Gpt, 3, 410, 155, 1),
        ], usage.Daily);
    }

    [SkippableFact]
    public async Task Usage_per_model_has_error_rate_tokens_and_nearest_rank_latency_percentiles()
    {
        var usage = await UsageAsync();

        Assert.Equal([Gpt, Claude], usage.Models.Select(m => m.Model)); // most calls first
        var gpt = usage.Models[0];
        Assert.Equal((4L, 1L, 0.25, 417L, 158L), (gpt.Calls, gpt.Errors, gpt.ErrorRate, gpt.InputTokens, gpt.OutputTokens));
        // 50, 100, 200, 400 ms: p50 is the 2nd, p95 the 4th.
        Assert.Equal((100.0, 400.0, 4), (gpt.P50Ms!.Value, gpt.P95Ms!.Value, gpt.LatencySample));
        var claude = usage.Models[1];
        Assert.Equal((2L, 0L, 1020L, 30L), (claude.Calls, claude.Errors, claude.InputTokens, claude.OutputTokens));
        Assert.Equal((300.0, 1000.0), (claude.P50Ms!.Value, claude.P95Ms!.Value));
    }

    [SkippableFact]
    public async Task The_most_expensive_traces_carry_their_tokens_per_model()
    {
        var usage = await UsageAsync(top: 2);

        Assert.Equal([T1, T3], usage.TopTraces.Select(t => t.TraceId)); // 1560 and 40 tokens; T2 has 15, T4 10
        var t1 = usage.TopTraces[0];
        Assert.Equal(1560, t1.TotalTokens);
        Assert.Equal(("chat", "bot", Now.AddMinutes(-10)), (t1.RootName, t1.RootService, t1.StartTime));
        Assert.Equal([new LlmModelTokens(Claude, 1, 1000, 10), new LlmModelTokens(Gpt, 2, 400, 150)], t1.Models);
    }

    [SkippableFact]
    public async Task A_service_and_a_trace_query_narrow_the_calls()
    {
        var batch = await UsageAsync(service: "BATCH");
        Assert.Equal([new LlmDailyUsage(new DateOnly(2026, 12, 1), Gpt, 1, 10, 5, 0)], batch.Daily);

        // Only T1 has a span named "retrieve…": its three calls count, though none of them is that span.
        var retrieving = await UsageAsync(query: "retrieve");
        Assert.Equal([(Gpt, 2L), (Claude, 1L)], retrieving.Models.Select(m => (m.Model!, m.Calls)));
        Assert.Equal([T1], retrieving.TopTraces.Select(t => t.TraceId));

        var none = await UsageAsync(service: "nobody");
        Assert.True(none.IsEmpty);
        Assert.Empty(none.TopTraces);
    }

    [SkippableFact]
    public async Task Ranges_are_bounded()
    {
        var statistics = Statistics;

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => statistics.GetLlmUsageAsync(
            new LlmUsageRequest { From = Now.AddDays(-93), To = Now }, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => statistics.GetLlmUsageAsync(
            new LlmUsageRequest { From = Now, To = Now }, CancellationToken.None));
    }
}
