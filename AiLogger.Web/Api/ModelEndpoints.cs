using System.Text.Json;
using AiLogger.Domain.Ingest;
using AiLogger.Domain.ModelMonitoring;
using AiLogger.Infrastructure.Ingest.Formats;
using AiLogger.Infrastructure.ModelMonitoring;
using AiLogger.Web.Security;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace AiLogger.Web.Api;

/// <summary>
/// ML models under watch (DESIGN §4): registration, predictions and validations (JSON or an uploaded CSV/JSONL file),
/// the reference, pooled metrics, the daily series, drift, and recompute. Writing needs the <c>ingest</c> scope
/// (the application that logs predictions also registers its model), reading the <c>read</c> scope.
/// </summary>
public static class ModelEndpoints
{
    /// <summary>The window of the metrics routes when <c>from</c> is not given.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(30);

    public static IEndpointRouteBuilder MapModelEndpoints(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup(Routes.Models).RequireAuthorization(Policies.ApiReadAnalytics).WithTags("Model monitoring").AddEndpointFilter<ModelErrorFilter>();
        read.MapGet("", async (IModelCatalog catalog, CancellationToken ct) =>
            TypedResults.Ok((await catalog.ListAsync(ct)).Select(ModelSummaryResponse.From)));
        read.MapGet("/{name}", async (HttpContext http, string name, IModelCatalog catalog, CancellationToken ct) =>
            await catalog.SummaryAsync(name, ct) is { } summary ? Results.Ok(ModelSummaryResponse.From(summary)) : NotFound(http, name))
            .Produces<ModelSummaryResponse>();
        read.MapGet("/{name}/reference", async (HttpContext http, string name, IModelCatalog catalog, CancellationToken ct) =>
            await catalog.GetReferenceAsync(name, ct) is { } reference
                ? Results.Ok(ReferenceResponse.Of(reference))
                : ApiErrors.Result(http, 404, $"Model '{name}' has no reference yet; set one with POST {Routes.Models}/{name}/reference."))
            .Produces<ReferenceResponse>();
        read.MapGet("/{name}/metrics", MetricsAsync).Produces<MetricsResponse>();
        read.MapGet("/{name}/metrics/daily", DailyAsync).Produces<DailyModelMetrics[]>();
        read.MapGet("/{name}/drift", async (HttpContext http, string name, IModelMetrics metrics, CancellationToken ct) =>
            await metrics.GetDriftAsync(name, ct) is { } drift ? Results.Ok(drift.Select(DriftResponse.From)) : NotFound(http, name))
            .Produces<DriftResponse[]>();

        var write = app.MapGroup(Routes.Models).RequireAuthorization(Policies.ApiIngest).WithTags("Model monitoring").DisableAntiforgery()
            .AddEndpointFilter<ModelErrorFilter>();
        write.MapPost("", SaveAsync).DocumentsBody<ModelRequest>("application/json").Produces<ModelResponse>(201).Produces<ModelResponse>();
        write.MapPost("/{name}/predictions", PredictionsAsync).DocumentsBody<JsonElement>("application/json").Produces<IngestEndpoints.IngestedResponse>(201);
        write.MapPost("/{name}/validations", ValidationsAsync).DocumentsBody<JsonElement>("application/json").Produces<IngestEndpoints.IngestedResponse>(201);
        write.MapPost("/{name}/predictions/upload", (HttpContext http, string name, IPredictionIngestor ingestor, IModelCatalog catalog, IOptions<ModelOptions> options, CancellationToken ct) =>
            UploadAsync(http, name, ModelUploadKind.Predictions, ingestor, catalog, options.Value, ct)).Produces<UploadResponse>(201);
        write.MapPost("/{name}/validations/upload", (HttpContext http, string name, IPredictionIngestor ingestor, IModelCatalog catalog, IOptions<ModelOptions> options, CancellationToken ct) =>
            UploadAsync(http, name, ModelUploadKind.Validations, ingestor, catalog, options.Value, ct)).Produces<UploadResponse>(201);
        write.MapPost("/{name}/reference", SetReferenceAsync).DocumentsBody<JsonElement>("application/json").Produces<ReferenceResponse>();
        write.MapPost("/{name}/recompute", RecomputeAsync).Produces<RecomputeResponse>().Produces(202);
        return app;
    }

    private static IResult NotFound(HttpContext http, string name) => ApiErrors.Result(http, 404, new UnknownModelException(name).Message);

    private static async Task<IResult> SaveAsync(HttpContext http, EventReaderSettings settings, IModelCatalog catalog, CancellationToken cancellationToken)
    {
        using var document = await ReadJsonAsync(http, settings, "{\"name\": \"cats-vs-dogs\", \"version\": \"1.2\", \"classes\": [\"cat\", \"dog\"]}", cancellationToken);
        ModelRequest? request;
        try
        {
            request = document.RootElement.Deserialize<ModelRequest>(JsonSerializerOptions.Web);
        }
        catch (JsonException error)
        {
            throw new IngestFormatException($"The body is not a model definition: {JsonEventFields.Explain(error)}.");
        }
        if (request is null) throw new IngestFormatException("Send a JSON object: {\"name\": \"cats-vs-dogs\", \"classes\": [\"cat\", \"dog\"]}.");
        var saved = await catalog.SaveAsync(new ModelDefinition
        {
            Name = request.Name ?? string.Empty,
            Version = request.Version,
            Classes = request.Classes,
            Description = request.Description,
        }, cancellationToken);
        var response = ModelResponse.From(saved.Model);
        return saved.Created ? TypedResults.Created($"{Routes.Models}/{saved.Model.Name}", response) : TypedResults.Ok(response);
    }

    private static async Task<IResult> PredictionsAsync(
        HttpContext http, string name, EventReaderSettings settings, ModelRecordReader reader, IPredictionIngestor ingestor, IModelCatalog catalog,
        CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(name, cancellationToken) is null) return NotFound(http, name);
        using var document = await ReadJsonAsync(http, settings, "[{\"id\": \"img_001.jpg\", \"predicted\": \"cat\", \"confidence\": 0.93}]", cancellationToken);
        var stored = await ingestor.AddPredictionsAsync(name, reader.ReadPredictions(document.RootElement), cancellationToken);
        return TypedResults.Json(new Dictionary<string, int> { ["ingested"] = stored }, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> ValidationsAsync(
        HttpContext http, string name, EventReaderSettings settings, ModelRecordReader reader, IPredictionIngestor ingestor, IModelCatalog catalog,
        CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(name, cancellationToken) is null) return NotFound(http, name);
        using var document = await ReadJsonAsync(http, settings, "[{\"id\": \"img_001.jpg\", \"actual\": \"dog\"}]", cancellationToken);
        var stored = await ingestor.AddValidationsAsync(name, reader.ReadValidations(document.RootElement), cancellationToken);
        return TypedResults.Json(new Dictionary<string, int> { ["ingested"] = stored }, statusCode: StatusCodes.Status201Created);
    }

    /// <summary>A multipart form with the file in a part named <c>file</c>, or the file as the body (<c>?format=csv|jsonl</c> or its Content-Type).</summary>
    private static async Task<IResult> UploadAsync(
        HttpContext http, string name, ModelUploadKind kind, IPredictionIngestor ingestor, IModelCatalog catalog, ModelOptions options,
        CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(name, cancellationToken) is null) return NotFound(http, name);
        var max = options.MaxUploadBytes;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = max + 1024 * 1024;
        if (http.Request.ContentLength > max + 1024 * 1024)
            return ApiErrors.Result(http, 413, $"The upload is larger than the limit of {max:N0} bytes (AiLogger:Models:MaxUploadBytes).");

        var format = http.Request.Query["format"].ToString().ToLowerInvariant();
        if (format is not ("" or ModelFileReader.Csv or ModelFileReader.JsonLines))
            return ApiErrors.Result(http, 400, $"'{format}' is not an upload format; use csv or jsonl (or leave it out to detect it).");

        ModelUploadResult result;
        if (http.Request.HasFormContentType)
        {
            http.Features.Set<IFormFeature>(new FormFeature(http.Request, new FormOptions { MultipartBodyLengthLimit = max + 1024 * 1024 }));
            IFormCollection form;
            try
            {
                form = await http.Request.ReadFormAsync(cancellationToken);
            }
            catch (Exception error) when (error is InvalidDataException or BadHttpRequestException or IOException)
            {
                return ApiErrors.Result(http, 400, $"The multipart body could not be read: {error.Message}");
            }
            var file = form.Files.GetFile("file") ?? form.Files.FirstOrDefault();
            if (file is null) return ApiErrors.Result(http, 400, "The form has no file; send it in a part named 'file' (curl -F file=@predictions.csv).");
            await using var content = file.OpenReadStream();
            result = await ingestor.UploadAsync(name, kind, FileName(file.FileName, format), content, cancellationToken);
        }
        else
        {
            var type = http.Request.ContentType ?? string.Empty;
            var byType = type.Contains("csv", StringComparison.OrdinalIgnoreCase) ? ModelFileReader.Csv
                : type.Contains("ndjson", StringComparison.OrdinalIgnoreCase) || type.Contains("jsonl", StringComparison.OrdinalIgnoreCase) ? ModelFileReader.JsonLines
                : "";
            result = await ingestor.UploadAsync(name, kind, FileName(null, format.Length > 0 ? format : byType), http.Request.Body, cancellationToken);
        }
        return TypedResults.Json(new UploadResponse(result.Records, result.Format), statusCode: StatusCodes.Status201Created);

        static string? FileName(string? sent, string format) => format.Length > 0 ? $"upload.{format}" : sent;
    }

    private static async Task<IResult> SetReferenceAsync(HttpContext http, string name, EventReaderSettings settings, IModelCatalog catalog, IModelJobs jobs, CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(name, cancellationToken) is null) return NotFound(http, name);
        using var document = await ReadJsonAsync(http, settings, "{\"classCounts\": {\"cat\": 500, \"dog\": 480}} or {\"from\": \"2026-10-01\", \"to\": \"2026-11-01\"}", cancellationToken);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw new IngestFormatException("Send {\"classCounts\": {\"cat\": 500, \"dog\": 480}} (training data) or {\"from\": \"…\", \"to\": \"…\"} (a production period).");
        var errors = new Dictionary<string, string[]>();
        var hasCounts = root.TryGetProperty("classCounts", out var counts) && counts.ValueKind != JsonValueKind.Null;
        var hasFrom = root.TryGetProperty("from", out var fromElement) && fromElement.ValueKind != JsonValueKind.Null;
        var hasTo = root.TryGetProperty("to", out var toElement) && toElement.ValueKind != JsonValueKind.Null;
        foreach (var property in root.EnumerateObject())
            if (property.Name is not ("classCounts" or "from" or "to"))
                errors[property.Name] = [$"Unknown field '{property.Name}'; a reference has classCounts, or from and to."];
        ModelReference? reference = null;
        if (hasCounts == (hasFrom || hasTo))
            errors["classCounts"] = ["Give either classCounts (training data) or from and to (a production period), not both and not neither."];
        else if (hasCounts)
        {
            var parsed = new Dictionary<string, long>(StringComparer.Ordinal);
            if (counts.ValueKind != JsonValueKind.Object) errors["classCounts"] = ["classCounts must be an object of class → number of training items."];
            else
                foreach (var entry in counts.EnumerateObject())
                {
                    if (entry.Value.ValueKind == JsonValueKind.Number && entry.Value.TryGetInt64(out var count)) parsed[entry.Name] = count;
                    else errors["classCounts"] = [$"The count of '{entry.Name}' must be a whole number, not {entry.Value.GetRawText()}."];
                }
            reference = ModelReference.Training(parsed);
        }
        else
        {
            DateTimeOffset from = default, to = default;
            if (!hasFrom || !JsonEventFields.TryReadTimestamp(fromElement, out from)) errors["from"] = ["'from' must be an ISO 8601 time (the period's start, included)."];
            if (!hasTo || !JsonEventFields.TryReadTimestamp(toElement, out to)) errors["to"] = ["'to' must be an ISO 8601 time (the period's end, excluded)."];
            reference = ModelReference.Period(from, to);
        }
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, detail: "The reference is not valid.");

        var stored = await catalog.SetReferenceAsync(name, reference!, cancellationToken);
        await jobs.EnqueueRecomputeAsync(name, cancellationToken);
        return TypedResults.Ok(ReferenceResponse.Of(stored));
    }

    private static async Task<IResult> MetricsAsync(HttpContext http, string name, IModelMetrics metrics, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!TryReadWindow(http, time, out var from, out var to, out var problem)) return problem!;
        return await metrics.GetMetricsAsync(name, from, to, cancellationToken) is { } result ? Results.Ok(MetricsResponse.Of(result)) : NotFound(http, name);
    }

    private static async Task<IResult> DailyAsync(HttpContext http, string name, IModelMetrics metrics, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!TryReadWindow(http, time, out var from, out var to, out var problem)) return problem!;
        return await metrics.GetDailyAsync(name, from, to, cancellationToken) is { } days ? Results.Ok(days) : NotFound(http, name);
    }

    private static async Task<IResult> RecomputeAsync(HttpContext http, string name, IModelJobs jobs, CancellationToken cancellationToken)
    {
        var wait = http.Request.Query["wait"].ToString();
        if (wait is "true" or "1")
        {
            var result = await jobs.RecomputeAsync(name, cancellationToken);
            return TypedResults.Ok(new RecomputeResponse(
                result.MetricsComputedAt, result.Days, result.MetricsDuration.TotalMilliseconds, result.DriftDuration.TotalMilliseconds,
                result.Drift.Select(DriftResponse.From).ToList()));
        }
        var ids = await jobs.EnqueueRecomputeAsync(name, cancellationToken);
        return TypedResults.Accepted($"{Routes.Models}/{name}/metrics", new { jobs = ids });
    }

    /// <summary><c>from</c>/<c>to</c>: ISO 8601 times or durations ago (<c>from=7d</c>); <c>to</c> defaults to now, <c>from</c> to 30 days before <c>to</c>.</summary>
    internal static bool TryReadWindow(HttpContext http, TimeProvider time, out DateTimeOffset from, out DateTimeOffset to, out IResult? problem)
    {
        var now = time.GetUtcNow();
        (from, to, problem) = (default, default, null);
        if (!QueryParameters.TryReadTime(http.Request.Query["to"], now, out var end))
        {
            problem = ApiErrors.Result(http, 400, $"'to' must be an ISO 8601 time or a duration ago such as 1d, not '{http.Request.Query["to"]}'.");
            return false;
        }
        to = end ?? now;
        if (!QueryParameters.TryReadTime(http.Request.Query["from"], now, out var start))
        {
            problem = ApiErrors.Result(http, 400, $"'from' must be an ISO 8601 time or a duration ago such as 7d, not '{http.Request.Query["from"]}'.");
            return false;
        }
        from = start ?? to - DefaultWindow;
        if (from >= to)
        {
            problem = ApiErrors.Result(http, 400, $"'from' ({from:O}) must be before 'to' ({to:O}).");
            return false;
        }
        return true;
    }

    private static async Task<JsonDocument> ReadJsonAsync(HttpContext http, EventReaderSettings settings, string example, CancellationToken cancellationToken)
    {
        using var body = await RequestBody.ReadAsync(http.Request, settings.MaxBodyBytes, cancellationToken);
        if (body.Memory.IsEmpty) throw new IngestFormatException($"The body is empty; send JSON such as {example}.");
        try
        {
            return JsonDocument.Parse(body.Memory, settings.DocumentOptions);
        }
        catch (JsonException error)
        {
            throw new IngestFormatException($"The body is not valid JSON: {JsonEventFields.Explain(error)}.");
        }
    }

    public sealed record ModelRequest(string? Name, string? Version, List<string>? Classes, string? Description);

    public sealed record UploadResponse(int Ingested, string Format);

    public sealed record RecomputeResponse(DateTimeOffset MetricsComputedAt, int Days, double MetricsMs, double DriftMs, IReadOnlyList<DriftResponse> Drift);

    public sealed record ModelResponse(
        string Name, string? Version, IReadOnlyList<string> Classes, string? Description, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
        DateTimeOffset? LastPredictionAt, DateTimeOffset? MetricsComputedAt, DateTimeOffset? DriftComputedAt, bool MetricsPending)
    {
        public static ModelResponse From(MonitoredModel m) => new(
            m.Name, m.Version, m.Classes, m.Description, m.CreatedAt, m.UpdatedAt, m.LastPredictionAt, m.MetricsComputedAt, m.DriftComputedAt, m.MetricsPending);
    }

    public sealed record HealthResponse(DateTimeOffset From, DateTimeOffset To, long Predictions, long Validated, double? Accuracy, double? EstimatedAccuracy);

    public sealed record ModelSummaryResponse(
        string Name, string? Version, IReadOnlyList<string> Classes, string? Description, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
        DateTimeOffset? LastPredictionAt, DateTimeOffset? MetricsComputedAt, DateTimeOffset? DriftComputedAt, bool MetricsPending,
        long Predictions, long Validated, HealthResponse Recent, bool? Drifted, IReadOnlyList<string> DriftedFeatures,
        IReadOnlyList<DailyModelMetrics> Daily)
    {
        public static ModelSummaryResponse From(ModelSummary s) => new(
            s.Model.Name, s.Model.Version, s.Model.Classes, s.Model.Description, s.Model.CreatedAt, s.Model.UpdatedAt, s.Model.LastPredictionAt,
            s.Model.MetricsComputedAt, s.Model.DriftComputedAt, s.Model.MetricsPending, s.Predictions, s.Validated,
            new HealthResponse(s.Recent.From, s.Recent.To, s.Recent.Predictions, s.Recent.Validated, s.Recent.Accuracy, s.Recent.EstimatedAccuracy),
            s.Drifted, s.DriftedFeatures, s.Daily);
    }

    public sealed record ReferenceResponse(string Kind, IReadOnlyDictionary<string, long> ClassCounts, long Total, DateTimeOffset? From, DateTimeOffset? To, DateTimeOffset? CreatedAt)
    {
        public static ReferenceResponse Of(ModelReference r) => new(r.Kind, r.ClassCounts, r.Total, r.From, r.To, r.CreatedAt);
    }

    public sealed record ConfusionResponse(IReadOnlyList<string> Labels, long[][] Matrix)
    {
        public static ConfusionResponse From(ConfusionMatrix m) => new(
            m.Labels, Enumerable.Range(0, m.Labels.Count).Select(i => Enumerable.Range(0, m.Labels.Count).Select(j => m.Count(i, j)).ToArray()).ToArray());
    }

    public sealed record MetricsResponse(
        string Model, DateTimeOffset From, DateTimeOffset To, long Predictions, long Validated, double ValidatedShare, double? Accuracy,
        Averages? Precision, Averages? Recall, Averages? F1, IReadOnlyList<ModelClassMetrics> PerClass, ConfusionResponse Confusion,
        double? EstimatedAccuracy, DateTimeOffset? ComputedAt)
    {
        public static MetricsResponse Of(ModelMetrics m) => new(
            m.Model, m.From, m.To, m.Predictions, m.Validated, m.ValidatedShare, m.Accuracy, m.Precision, m.Recall, m.F1, m.PerClass,
            ConfusionResponse.From(m.Confusion), m.EstimatedAccuracy, m.ComputedAt);
    }

    public sealed record DriftReferenceResponse(string Kind, DateTimeOffset? From, DateTimeOffset? To);

    public sealed record DriftResponse(
        string Feature, string Kind, string Method, double Statistic, double? PValue, double Threshold, bool Drifted, double Psi, string PsiLevel,
        long ReferenceCount, long CurrentCount, DriftReferenceResponse Reference, DateTimeOffset CurrentFrom, DateTimeOffset CurrentTo,
        DateTimeOffset ComputedAt, IReadOnlyList<DriftBin> Distribution)
    {
        public static DriftResponse From(FeatureDrift d) => new(
            d.Result.Feature, d.Kind, d.Result.Method, d.Result.Statistic, d.Result.PValue, d.Result.Threshold, d.Result.Drifted, d.Result.Psi,
            d.Result.PsiLevel.ToString().ToLowerInvariant(), d.ReferenceCount, d.CurrentCount,
            new DriftReferenceResponse(d.ReferenceKind, d.ReferenceFrom, d.ReferenceTo), d.CurrentFrom, d.CurrentTo, d.ComputedAt, d.Distribution);
    }
}
