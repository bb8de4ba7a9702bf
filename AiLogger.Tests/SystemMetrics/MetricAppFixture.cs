using System.Text.Json;
using AiLogger.Infrastructure.Ingest.Otlp.Proto.Collector.Metrics;
using AiLogger.Infrastructure.Ingest.Otlp.Proto.Common;
using AiLogger.Infrastructure.Ingest.Otlp.Proto.Resource;
using AiLogger.Tests.Support;
using AiLogger.Tests.Traces;
using Microsoft.Extensions.DependencyInjection;
using Wire = AiLogger.Infrastructure.Ingest.Otlp.Proto.Metrics;

namespace AiLogger.Tests.SystemMetrics;

/// <summary>The app with OTLP/gRPC on a port of its own, a small series cap, and the host sampled every second.</summary>
public sealed class MetricAppFixture : AppFixture
{
    public const int SeriesCap = 200;
    public MetricAppFixture() : base(new Dictionary<string, string?>
    {
        ["AiLogger:SystemMetrics:MaxSeriesPerMetric"] = SeriesCap.ToString(),
        ["AiLogger:SystemMetrics:SampleHost"] = "true",
        ["AiLogger:SystemMetrics:IntervalSeconds"] = "1",
        ["AiLogger:Otlp:GrpcPort"] = ServerProcess.FreePort().ToString(),
    })
    {
    }

    public Uri GrpcAddress => new($"http://127.0.0.1:{Services.GetRequiredService<AiLogger.Web.Api.OtlpGrpcServer>().Port}");

    /// <summary>Unix nanoseconds of a time.</summary>
    public static ulong Nanos(DateTimeOffset at) => (ulong)((at.UtcTicks - DateTime.UnixEpoch.Ticks) * 100);

    public static KeyValue Attribute(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    /// <summary>One request of <paramref name="metrics"/> from service <paramref name="service"/>.</summary>
    public static ExportMetricsServiceRequest Request(string service, params Wire.Metric[] metrics)
    {
        var scope = new Wire.ScopeMetrics { Scope = new InstrumentationScope { Name = "tests.meter" } };
        scope.Metrics.Add(metrics);
        var resource = new Wire.ResourceMetrics { Resource = new Resource { Attributes = { Attribute("service.name", service), Attribute("host.name", "test-host") } } };
        resource.ScopeMetrics.Add(scope);
        var request = new ExportMetricsServiceRequest();
        request.ResourceMetrics.Add(resource);
        return request;
    }

    public async Task<ExportMetricsServiceResponse> PostAsync(ExportMetricsServiceRequest request)
    {
        using var client = CreateClient(AdminKey);
        using var response = await client.PostAsync("/v1/metrics", OtlpAppFixture.Protobuf(request));
        Assert.Equal(200, (int)response.StatusCode);
        return ExportMetricsServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
    }

    public async Task<JsonElement> QueryAsync(string query)
    {
        using var client = CreateClient(AdminKey);
        using var response = await client.GetAsync("/api/metrics/query?" + query);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>The non-null values of the first line, in time order.</summary>
    public static List<double> Values(JsonElement result, int line = 0) =>
        result.GetProperty("lines")[line].GetProperty("values").EnumerateArray()
            .Where(v => v.GetProperty("value").ValueKind == JsonValueKind.Number)
            .Select(v => v.GetProperty("value").GetDouble()).ToList();
}
