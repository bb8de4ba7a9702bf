using AiLogger.Domain.Ingest;
using AiLogger.Domain.Security;
using AiLogger.Infrastructure.Ingest;
using AiLogger.Infrastructure.Ingest.Otlp;
using AiLogger.Infrastructure.Ingest.Otlp.Proto.Collector.Logs;
using AiLogger.Infrastructure.Ingest.Otlp.Proto.Collector.Metrics;
using AiLogger.Infrastructure.Ingest.Otlp.Proto.Collector.Trace;
using AiLogger.Web.Security;
using Google.Protobuf;
using Grpc.Core;

namespace AiLogger.Web.Api;

/// <summary>
/// What the two OTLP/gRPC services share: the key from <c>x-api-key</c> (or <c>authorization: Bearer</c>) metadata with
/// the <c>ingest</c> scope, the admission budget, and the ingestion path's failures as gRPC statuses.
/// </summary>
internal sealed class OtlpGrpcIngest(IApiKeyStore keys, IIngestor ingestor, IngestAdmission admission, ILogger<OtlpGrpcIngest> logger)
{
    public async Task<IngestResult?> IngestAsync<T>(T request, ServerCallContext context, Func<T, IngestBatch> read) where T : IMessage
    {
        var key = await AuthenticateAsync(context);
        try
        {
            using var lease = await admission.AdmitAsync(Math.Max(1, request.CalculateSize()), context.CancellationToken);
            var batch = read(request);
            if (batch.Count == 0) return null;
            return await ingestor.IngestAsync(batch, new ApiKeyFeature(key).ToIngestContext(), context.CancellationToken);
        }
        catch (IngestFormatException error)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, error.Message));
        }
        catch (IngestQueueFullException)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted, "AI-Logger is busy writing earlier items; retry with back-off."));
        }
        catch (IngestUnavailableException error)
        {
            logger.LogError(error.InnerException ?? error, "OTLP/gRPC ingest failed: {Reason}", error.Message);
            throw new RpcException(new Status(StatusCode.Unavailable, error.Message));
        }
    }

    private async Task<ApiKey> AuthenticateAsync(ServerCallContext context)
    {
        var secret = context.RequestHeaders.GetValue("x-api-key") ?? context.RequestHeaders.GetValue("x-seq-apikey");
        var authorization = context.RequestHeaders.GetValue("authorization");
        if (string.IsNullOrWhiteSpace(secret) && authorization?.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) == true)
            secret = authorization["Bearer ".Length..];
        if (string.IsNullOrWhiteSpace(secret))
            throw new RpcException(new Status(StatusCode.Unauthenticated, "An API key is required: send it as x-api-key metadata (OTEL_EXPORTER_OTLP_HEADERS=x-api-key=<key>)."));
        var key = await keys.AuthenticateAsync(secret.Trim(), context.CancellationToken);
        if (key is null)
        {
            logger.LogWarning("OTLP/gRPC refused an unknown or revoked API key from {Peer}", context.Peer);
            throw new RpcException(new Status(StatusCode.Unauthenticated, "The API key is unknown or has been revoked."));
        }
        if (!key.Scopes.HasFlag(ApiKeyScopes.Ingest))
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"The API key '{key.Name}' does not have the 'ingest' scope OTLP export needs."));
        return key;
    }
}

internal sealed class OtlpTraceGrpcService(OtlpGrpcIngest ingest, OtlpTraceReader reader) : TraceService.TraceServiceBase
{
    public override async Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context)
    {
        await ingest.IngestAsync(request, context, r => new IngestBatch([], reader.Read(r)));
        return new ExportTraceServiceResponse();
    }
}

internal sealed class OtlpLogsGrpcService(OtlpGrpcIngest ingest, OtlpLogReader reader) : LogsService.LogsServiceBase
{
    public override async Task<ExportLogsServiceResponse> Export(ExportLogsServiceRequest request, ServerCallContext context)
    {
        var result = await ingest.IngestAsync(request, context, r => IngestBatch.Of(reader.Read(r)));
        var response = new ExportLogsServiceResponse();
        if (result is { Dropped: > 0 }) response.PartialSuccess = OtlpPartialSuccess.Logs(result.Dropped);
        return response;
    }
}

internal sealed class OtlpMetricsGrpcService(OtlpGrpcIngest ingest, OtlpMetricReader reader) : MetricsService.MetricsServiceBase
{
    public override async Task<ExportMetricsServiceResponse> Export(ExportMetricsServiceRequest request, ServerCallContext context)
    {
        OtlpMetricResult? read = null;
        await ingest.IngestAsync(request, context, r => IngestBatch.OfMetrics((read = reader.Read(r)).Points));
        return new ExportMetricsServiceResponse { PartialSuccess = read is null ? null : OtlpPartialSuccess.Metrics(read) };
    }
}
