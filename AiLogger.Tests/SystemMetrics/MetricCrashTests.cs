using System.Collections.Concurrent;
using System.Net;
using AiLogger.Infrastructure.SystemMetrics;
using AiLogger.Tests.Support;
using AiLogger.Tests.Traces;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;
using static AiLogger.Tests.SystemMetrics.MetricAppFixture;
using Wire = AiLogger.Infrastructure.Ingest.Otlp.Proto.Metrics;

namespace AiLogger.Tests.SystemMetrics;

/// <summary>
/// Under load the writer keeps metric rollups in memory for up to a second: a SIGKILL then must cost nothing, because
/// the restarted server rebuilds them from the raw points committed with them.
/// </summary>
public sealed class MetricCrashTests(ITestOutputHelper output)
{
    private const string Key = "metric-crash-key-0123456789abcdef";
    private const string Name = "crash.requests";
    private const int Routes = 200;

    [Fact]
    public async Task Rollups_held_in_memory_at_a_SIGKILL_are_rebuilt_from_the_raw_points_on_restart()
    {
        using var directory = new TempDirectory();
        var database = directory.File("metrics.db");
        var start = DateTimeOffset.UtcNow.AddSeconds(-5);
        var acknowledged = new ConcurrentBag<int>();
        var nextBatch = 0;
        var markerSeen = false;

        var settings = new Dictionary<string, string> { ["AiLogger__SystemMetrics__SampleHost"] = "false" };
        await using (var server = await ServerProcess.StartAsync(database, Key, environment: settings))
        {
            using var stop = new CancellationTokenSource();
            var senders = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                using var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
                client.DefaultRequestHeaders.Add("x-api-key", Key);
                while (!stop.IsCancellationRequested)
                {
                    var batch = Interlocked.Increment(ref nextBatch);
                    try
                    {
                        using var response = await client.PostAsync("/v1/metrics", OtlpAppFixture.Protobuf(Batch(start, batch)));
                        if (response.StatusCode == HttpStatusCode.OK) acknowledged.Add(batch);
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        return; // The server is gone.
                    }
                }
            })).ToArray();

            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < deadline && !(acknowledged.Count >= 20 && (markerSeen = await MarkerAsync(database))))
                await Task.Delay(5);
            server.Kill();
            stop.Cancel();
            await Task.WhenAll(senders);
        }
        Assert.True(markerSeen, "under load from four senders the writer should have held rollups in memory at least once");

        await using var restarted = await ServerProcess.StartAsync(database, Key, environment: settings);
        using var reader = new HttpClient { BaseAddress = restarted.BaseAddress };
        reader.DefaultRequestHeaders.Add("X-API-Key", Key);
        // The rebuild runs before the writer takes its first batch; poll until the marker is gone.
        var rebuilt = DateTime.UtcNow.AddSeconds(30);
        while (await MarkerAsync(database) && DateTime.UtcNow < rebuilt) await Task.Delay(50);
        Assert.False(await MarkerAsync(database), "the restarted server should rebuild the rollups and drop the marker");

        var stored = await StoredPointsAsync(database);
        Assert.True(stored >= acknowledged.Count * (long)Routes, $"{stored} points stored for {acknowledged.Count} acknowledged exports");
        var range = $"from={Uri.EscapeDataString(start.AddMinutes(-1).ToString("O"))}&to={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(2).ToString("O"))}";
        foreach (var step in new[] { "1m", "1h" })
        {
            using var response = await reader.GetAsync($"/api/metrics/query?name={Name}&agg=increase&step={step}&{range}");
            var chart = await response.ReadJsonAsync();
            Assert.Equal(step == "1m" ? "minute" : "hour", chart.GetProperty("source").GetString());
            var total = Enumerable.Range(0, chart.GetProperty("lines").GetArrayLength()).Sum(line => Values(chart, line).Sum());
            // Every stored point adds 1: the rollups hold each exactly once, none lost at the kill and none twice.
            Assert.Equal(stored, total);
        }
        output.WriteLine($"{nextBatch} exports sent, {acknowledged.Count} acknowledged, {stored:N0} points stored and rolled up after the kill");
    }

    private static AiLogger.Infrastructure.Ingest.Otlp.Proto.Collector.Metrics.ExportMetricsServiceRequest Batch(DateTimeOffset start, int batch)
    {
        var sum = new Wire.Sum { IsMonotonic = true, AggregationTemporality = Wire.AggregationTemporality.Delta };
        var time = Nanos(start) + (ulong)batch * 1_000_000UL;
        for (var route = 0; route < Routes; route++)
        {
            var point = new Wire.NumberDataPoint { StartTimeUnixNano = time - 1_000_000UL, TimeUnixNano = time, AsInt = 1 };
            point.Attributes.Add(Attribute("route", $"r{route}"));
            sum.DataPoints.Add(point);
        }
        return Request("crash", new Wire.Metric { Name = Name, Unit = "{request}", Sum = sum });
    }

    private static async Task<bool> MarkerAsync(string database) =>
        await ScalarAsync(database, $"SELECT count(*) FROM settings WHERE key = '{MetricRollupMarker.SettingKey}'") > 0;

    private static Task<long> StoredPointsAsync(string database) =>
        ScalarAsync(database, $"SELECT count(*) FROM metric_points p JOIN metric_series s ON s.id = p.series_id WHERE s.name = '{Name}'");

    private static async Task<long> ScalarAsync(string database, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
