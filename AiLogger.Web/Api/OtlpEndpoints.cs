using AiLogger.Domain.Ingest;
using AiLogger.Domain.Logs;
using AiLogger.Domain.Traces;
using AiLogger.Infrastructure.Ingest.Formats;
using AiLogger.Infrastructure.Ingest.Otlp;
using AiLogger.Infrastructure.Ingest.Otlp.Proto.Collector.Logs;
using AiLogger.Infrastructure.Ingest.Otlp.Proto.Collector.Metrics;
using AiLogger.Infrastructure.Ingest.Otlp.Proto.Collector.Trace;
using AiLogger.Web.Security;
using Google.Protobuf;

namespace AiLogger.Web.Api;

/// <summary>
/// OTLP/HTTP receivers (the OTLP specification's "OTLP/HTTP"): protobuf or JSON, gzip or not, answered in the request's
/// encoding after the commit; spans and log records go through the one ingestion path like every other item.
/// </summary>
public static class OtlpEndpoints
{
    public static IEndpointRouteBuilder MapOtlpEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in new[] { "", Routes.OtlpPrefix })
        {
            var otlp = app.MapGroup(prefix).RequireAuthorization(Policies.ApiIngest).AddEndpointFilter<IngestErrorFilter>()
                .WithTags("OpenTelemetry").DisableAntiforgery();
            otlp.MapPost(Routes.OtlpTraces, TracesAsync).DocumentsBody<byte[]>(OtlpEncoding.Protobuf, OtlpEncoding.Json)
                .Produces<byte[]>(200, OtlpEncoding.Protobuf, OtlpEncoding.Json);
            otlp.MapPost(Routes.OtlpMetrics, MetricsAsync).DocumentsBody<byte[]>(OtlpEncoding.Protobuf, OtlpEncoding.Json)
                .Produces<byte[]>(200, OtlpEncoding.Protobuf, OtlpEncoding.Json);
            otlp.MapPost(Routes.OtlpLogs, LogsAsync).DocumentsBody<byte[]>(OtlpEncoding.Protobuf, OtlpEncoding.Json)
                .Produces<byte[]>(200, OtlpEncoding.Protobuf, OtlpEncoding.Json);
        }
        return app;
    }

    private static async Task<IResult> TracesAsync(HttpContext http, OtlpTraceReader reader, EventReaderSettings settings, IIngestor ingestor, CancellationToken cancellationToken)
    {
        if (Unsupported(http) is { } refused) return refused;
        List<Span> spans;
        using (var body = await RequestBody.ReadAsync(http.Request, settings.MaxBodyBytes, cancellationToken))
            spans = reader.Read(Parse(http, body.Memory, ExportTraceServiceRequest.Parser));
        if (spans.Count > 0)
            await ingestor.IngestAsync(new IngestBatch([], spans), Context(http), cancellationToken);
        return OtlpEncoding.Message(http, new ExportTraceServiceResponse());
    }

    private static async Task<IResult> MetricsAsync(HttpContext http, OtlpMetricReader reader, EventReaderSettings settings, IIngestor ingestor, CancellationToken cancellationToken)
    {
        if (Unsupported(http) is { } refused) return refused;
        OtlpMetricResult read;
        using (var body = await RequestBody.ReadAsync(http.Request, settings.MaxBodyBytes, cancellationToken))
            read = reader.Read(Parse(http, body.Memory, ExportMetricsServiceRequest.Parser));
        if (read.Points.Count > 0)
            await ingestor.IngestAsync(IngestBatch.OfMetrics(read.Points), Context(http), cancellationToken);
        return OtlpEncoding.Message(http, new ExportMetricsServiceResponse { PartialSuccess = OtlpPartialSuccess.Metrics(read) });
    }

    private static async Task<IResult> LogsAsync(HttpContext http, OtlpLogReader reader, EventReaderSettings settings, IIngestor ingestor, CancellationToken cancellationToken)
    {
        if (Unsupported(http) is { } refused) return refused;
        List<LogEvent> events;
        using (var body = await RequestBody.ReadAsync(http.Request, settings.MaxBodyBytes, cancellationToken))
            events = reader.Read(Parse(http, body.Memory, ExportLogsServiceRequest.Parser));
        var response = new ExportLogsServiceResponse();
        if (events.Count > 0)
        {
            var result = await ingestor.IngestAsync(IngestBatch.Of(events), Context(http), cancellationToken);
            if (result.Dropped > 0) response.PartialSuccess = OtlpPartialSuccess.Logs(result.Dropped);
        }
        return OtlpEncoding.Message(http, response);
    }

    private static IngestContext Context(HttpContext http) => http.Features.Get<ApiKeyFeature>()?.ToIngestContext() ?? IngestContext.Anonymous;

    private static IResult? Unsupported(HttpContext http) =>
        OtlpEncoding.IsProtobuf(http.Request) || OtlpEncoding.IsJson(http.Request)
            ? null
            : OtlpEncoding.Error(http, StatusCodes.Status415UnsupportedMediaType,
                $"OTLP/HTTP bodies are {OtlpEncoding.Protobuf} or {OtlpEncoding.Json}, not '{http.Request.ContentType ?? "(none)"}'.");

    private static T Parse<T>(HttpContext http, ReadOnlyMemory<byte> body, MessageParser<T> parser) where T : IMessage<T>, new()
    {
        if (OtlpEncoding.IsJson(http.Request))
        {
            if (!System.Text.Unicode.Utf8.IsValid(body.Span)) throw new IngestFormatException("The body is not valid UTF-8.");
            return OtlpJson.Parse(body.Span, parser);
        }
        return OtlpProtobuf.Parse(body.Span, parser);
    }
}
