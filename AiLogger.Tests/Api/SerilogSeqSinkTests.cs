using System.Globalization;
using System.Text.Json;
using AiLogger.Tests.Support;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace AiLogger.Tests.Api;

/// <summary>The real Serilog.Sinks.Seq, unchanged but for the URL, sends to AI-Logger.</summary>
public sealed class SerilogSeqSinkTests(AppFixture app) : IClassFixture<AppFixture>
{
    private sealed class Recorder : ILogEventSink
    {
        public List<LogEvent> Events { get; } = [];

        public void Emit(LogEvent logEvent)
        {
            lock (Events) Events.Add(logEvent);
        }
    }

    private sealed record Order(int Id, string Customer, decimal Total, IReadOnlyList<string> Items);

    [Fact]
    public async Task Events_from_the_Seq_sink_come_back_with_level_message_template_exception_and_properties()
    {
        var runId = Guid.NewGuid().ToString("N");
        var recorder = new Recorder();
        var logger = new LoggerConfiguration()
            .MinimumLevel.Verbose()
            .Enrich.WithProperty("Application", "seq-sink-test")
            .Enrich.WithProperty("RunId", runId)
            .Enrich.WithProperty("Region", "eu-west")
            .WriteTo.Sink(recorder)
            .WriteTo.Seq(app.BaseAddress.ToString(), apiKey: AppFixture.AdminKey, period: TimeSpan.FromMilliseconds(50))
            .CreateLogger();

        logger.Verbose("Verbose tick {Tick}", 1);
        logger.Debug("Cache {Cache} warmed with {Count:N0} entries", "users", 12345);
        logger.Information("User {User} signed in from {Ip} in {Elapsed:0.00} ms", "alice", "10.0.0.7", 12.3456);
        logger.Warning("Disk {Disk} is {Percent:P1} full", "/var", 0.934);
        logger.Error(new InvalidOperationException("Payment gateway said no", new TimeoutException("gateway timeout")),
            "Order {@Order} failed after {Attempts} attempts", new Order(42, "bob", 99.5m, ["book", "pen"]), 3);
        logger.Fatal("Shutting down: {Reason} (clean: {Clean})", "out of memory", false);
        logger.ForContext("SourceContext", "Shop.Checkout").Information("Basket has {Items} with {Flags}", new[] { 1, 2, 3 }, new[] { "a", "b" });
        logger.Information("Escaped {{literal}} braces and {Missing}");
        await ((IAsyncDisposable)logger).DisposeAsync();

        var stored = await WaitForAsync(runId, recorder.Events.Count);
        Assert.Equal(recorder.Events.Count, stored.Count);

        foreach (var sent in recorder.Events)
        {
            var template = sent.MessageTemplate.Text;
            var match = stored.Single(e => e.GetProperty("messageTemplate").GetString() == template);
            Assert.Equal(sent.Level.ToString(), match.GetProperty("level").GetString());
            Assert.Equal(sent.RenderMessage(CultureInfo.InvariantCulture), match.GetProperty("message").GetString());
            Assert.Equal(sent.Timestamp.UtcDateTime, DateTime.Parse(match.GetProperty("timestamp").GetString()!, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal));
            var properties = match.GetProperty("properties");
            Assert.Equal(runId, properties.GetProperty("RunId").GetString());
            Assert.Equal("eu-west", properties.GetProperty("Region").GetString());
            if (sent.Exception is { } exception)
            {
                var text = match.GetProperty("exception").GetString()!;
                Assert.Contains("InvalidOperationException: Payment gateway said no", text);
                Assert.Contains("TimeoutException: gateway timeout", text);
                Assert.Equal(exception.ToString(), text);
            }
            else
            {
                Assert.Equal(JsonValueKind.Null, match.GetProperty("exception").ValueKind);
            }
        }

        var error = stored.Single(e => e.GetProperty("level").GetString() == "Error");
        var order = error.GetProperty("properties").GetProperty("Order");
        Assert.Equal(42, order.GetProperty("Id").GetInt32());
        Assert.Equal("bob", order.GetProperty("Customer").GetString());
        Assert.Equal(new[] { "book", "pen" }, order.GetProperty("Items").EnumerateArray().Select(i => i.GetString()!).ToArray());
        Assert.Equal(3, error.GetProperty("properties").GetProperty("Attempts").GetInt32());

        var checkout = stored.Single(e => e.GetProperty("messageTemplate").GetString()!.StartsWith("Basket"));
        Assert.Equal("Shop.Checkout", checkout.GetProperty("properties").GetProperty("SourceContext").GetString());
        Assert.All(stored.Where(e => !e.GetProperty("messageTemplate").GetString()!.StartsWith("Basket")), e => Assert.Equal("seq-sink-test", e.GetProperty("source").GetString()));
    }

    [Fact]
    public async Task Trace_and_span_ids_of_the_current_activity_are_kept()
    {
        var runId = Guid.NewGuid().ToString("N");
        using var activity = new System.Diagnostics.Activity("checkout").Start();
        var logger = new LoggerConfiguration()
            .Enrich.WithProperty("RunId", runId)
            .WriteTo.Seq(app.BaseAddress.ToString(), apiKey: AppFixture.AdminKey, period: TimeSpan.FromMilliseconds(50))
            .CreateLogger();
        logger.Information("Inside a span {Step}", "pay");
        await ((IAsyncDisposable)logger).DisposeAsync();

        var stored = Assert.Single(await WaitForAsync(runId, 1));
        Assert.Equal(activity.TraceId.ToHexString(), stored.GetProperty("traceId").GetString());
        Assert.Equal(activity.SpanId.ToHexString(), stored.GetProperty("spanId").GetString());
    }

    private async Task<List<JsonElement>> WaitForAsync(string runId, int expected)
    {
        using var client = app.CreateClient(AppFixture.AdminKey);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        List<JsonElement> stored;
        do
        {
            stored = await client.SearchAllAsync($"RunId:{runId}");
            if (stored.Count >= expected) break;
            await Task.Delay(100);
        } while (DateTime.UtcNow < deadline);
        return stored;
    }
}
