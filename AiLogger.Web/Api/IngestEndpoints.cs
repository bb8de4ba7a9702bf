using System.Text.Json;
using AiLogger.Domain.Imports;
using AiLogger.Domain.Ingest;
using AiLogger.Domain.Logs;
using AiLogger.Infrastructure.Ingest.Formats;
using AiLogger.Web.Security;

namespace AiLogger.Web.Api;

/// <summary>
/// The receivers (DESIGN §2, §4): each reads its format and hands the events to <see cref="IIngestor"/>,
/// answering only after they are committed.
/// </summary>
public static class IngestEndpoints
{
    public static IEndpointRouteBuilder MapIngestEndpoints(this IEndpointRouteBuilder app)
    {
        var seq = app.MapGroup("").RequireAuthorization(Policies.ApiIngest).AddEndpointFilter<IngestErrorFilter>()
            .WithTags("Ingest").DisableAntiforgery();
        seq.MapPost(Routes.SeqRaw, IngestSeqAsync).DocumentsBody<string>("application/vnd.serilog.clef", "application/json").Produces<SeqAccepted>(201);
        seq.MapPost(Routes.SeqClef, IngestSeqAsync).DocumentsBody<string>("application/vnd.serilog.clef", "application/json").Produces<SeqAccepted>(201);

        var json = app.MapGroup("").RequireAuthorization(Policies.ApiIngest).AddEndpointFilter<IngestErrorFilter>()
            .WithTags("Ingest").DisableAntiforgery();
        json.MapPost(Routes.NativeLogs, (HttpContext http, JsonRecordReader reader, EventReaderSettings settings, IIngestor ingestor, CancellationToken ct) =>
            IngestJsonAsync(http, root => reader.Read(root, arrayRequired: false), settings, ingestor, ct))
            .DocumentsBody<JsonElement>("application/json").Produces<IngestedResponse>(201);
        json.MapPost(Routes.StructuredIngest, (HttpContext http, JsonRecordReader reader, EventReaderSettings settings, IIngestor ingestor, CancellationToken ct) =>
            IngestJsonAsync(http, root => reader.Read(root, arrayRequired: true), settings, ingestor, ct))
            .DocumentsBody<JsonElement[]>("application/json").Produces<IngestedResponse>(201);
        json.MapPost(Routes.LogLines, IngestLinesAsync).DocumentsBody<string>("text/plain").Produces<LinesIngested>(201);
        return app;
    }

    private static async Task<IResult> IngestSeqAsync(
        HttpContext http, SeqPayloadReader reader, EventReaderSettings settings, IIngestor ingestor, CancellationToken cancellationToken)
    {
        var key = http.Features.Get<ApiKeyFeature>();
        using (var body = await RequestBody.ReadAsync(http.Request, settings.MaxBodyBytes, cancellationToken))
        {
            var declaredClef = http.Request.Query.ContainsKey("clef")
                               || (http.Request.ContentType?.StartsWith("application/vnd.serilog.clef", StringComparison.OrdinalIgnoreCase) ?? false);
            var events = reader.Read(body.Memory, declaredClef);
            if (events.Count > 0)
                await ingestor.IngestAsync(events, key?.ToIngestContext() ?? IngestContext.Anonymous, cancellationToken);
        }
        // Seq's answer: the sink adjusts its own minimum level to this (null = everything).
        return TypedResults.Json(
            new Dictionary<string, string?> { ["MinimumLevelAccepted"] = key?.Key.MinimumLevel?.Name() },
            statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> IngestJsonAsync(
        HttpContext http, Func<JsonElement, List<LogEvent>> read, EventReaderSettings settings, IIngestor ingestor, CancellationToken cancellationToken)
    {
        List<LogEvent> events;
        using (var body = await RequestBody.ReadAsync(http.Request, settings.MaxBodyBytes, cancellationToken))
        {
            if (body.Memory.IsEmpty) throw new IngestFormatException("The body is empty; send a JSON object or an array of objects.");
            if (!System.Text.Unicode.Utf8.IsValid(body.Memory.Span)) throw new IngestFormatException("The body is not valid UTF-8.");
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(body.Memory, settings.DocumentOptions);
            }
            catch (JsonException error)
            {
                throw new IngestFormatException($"The body is not valid JSON: {JsonEventFields.Explain(error)}.");
            }
            using (document) events = read(document.RootElement);
        }

        var key = http.Features.Get<ApiKeyFeature>();
        var result = await ingestor.IngestAsync(events, key?.ToIngestContext() ?? IngestContext.Anonymous, cancellationToken);
        return TypedResults.Json(new Dictionary<string, int> { ["ingested"] = result.Stored }, statusCode: StatusCodes.Status201Created);
    }

    private const int MaxAppliedProperties = 64;

    /// <summary>
    /// Lines of a log file read as the import feature reads them (the CLI's <c>ingest</c>). The batch is atomic:
    /// with <c>invalid=fail</c> (default) one unreadable line refuses it all; <c>invalid=skip</c> stores the rest and
    /// names what it left out.
    /// </summary>
    private static async Task<IResult> IngestLinesAsync(
        HttpContext http, ILineBatchReader reader, EventReaderSettings settings, IIngestor ingestor, CancellationToken cancellationToken,
        string? format = null, string? pattern = null, string? source = null, string? timeZone = null,
        string? firstLine = null, string? final = null, string? invalid = null, [Microsoft.AspNetCore.Mvc.FromQuery] string[]? property = null)
    {
        if (!QueryParameters.TryReadLong(firstLine, 1, 1, long.MaxValue / 2, out var first))
            return ApiErrors.Result(http, 400, $"'firstLine' must be a whole number of at least 1, not '{firstLine}'.");
        if (!QueryParameters.TryReadBool(final, true, out var isFinal))
            return ApiErrors.Result(http, 400, $"'final' must be true or false, not '{final}'.");
        var skipInvalid = invalid?.Trim().ToLowerInvariant() switch
        {
            null or "" or "fail" => false,
            "skip" => true,
            _ => (bool?)null,
        };
        if (skipInvalid is null) return ApiErrors.Result(http, 400, $"'invalid' must be fail or skip, not '{invalid}'.");
        var applied = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in property ?? [])
        {
            var equals = pair.IndexOf('=');
            if (equals <= 0) return ApiErrors.Result(http, 400, $"'property' must be Name=Value, not '{pair}'.");
            applied[pair[..equals].Trim()] = pair[(equals + 1)..];
        }
        if (applied.Count > MaxAppliedProperties)
            return ApiErrors.Result(http, 400, $"At most {MaxAppliedProperties} properties may be applied, not {applied.Count}.");

        var key = http.Features.Get<ApiKeyFeature>();
        var context = key?.ToIngestContext() ?? IngestContext.Anonymous;
        if (applied.Count > 0)
        {
            foreach (var (name, value) in context.AppliedProperties) applied[name] = value;
            context = context with { AppliedProperties = applied };
        }

        LineBatch batch;
        using (var body = await RequestBody.ReadAsync(http.Request, settings.MaxBodyBytes, cancellationToken))
        {
            if (!System.Text.Unicode.Utf8.IsValid(body.Memory.Span)) throw new IngestFormatException("The body is not valid UTF-8.");
            try
            {
                batch = reader.Read(body.Memory, new ImportFormatSettings { Format = format ?? ImportFormats.Auto, Regex = pattern, Source = source, TimeZone = timeZone },
                    first, isFinal);
            }
            catch (ImportSettingsException error)
            {
                return TypedResults.ValidationProblem(error.Errors.ToDictionary(e => e.Key == "regex" ? "pattern" : e.Key, e => new[] { e.Value }), detail: error.Message);
            }
        }
        var errors = batch.Rejected.Select(r => new LineError(r.LineNumber, r.Reason, r.Excerpt)).ToList();
        if (batch.RejectedCount > 0 && skipInvalid == false)
        {
            var firstError = batch.Rejected[0];
            var more = batch.RejectedCount > 1 ? $" (and {batch.RejectedCount - 1:N0} more)" : "";
            return ApiErrors.Result(http, 400, $"Nothing was stored: line {firstError.LineNumber:N0}: {firstError.Reason}{more}. Fix the line, or send invalid=skip to store the rest.",
                new Dictionary<string, object?> { ["errors"] = errors, ["totalErrors"] = batch.RejectedCount });
        }

        var stored = batch.Events.Count == 0 ? 0 : (await ingestor.IngestAsync(batch.Events, context, cancellationToken)).Stored;
        return TypedResults.Json(new LinesIngested(stored, batch.Format, batch.LinesRead, batch.RejectedCount, errors, batch.HeldLines),
            statusCode: StatusCodes.Status201Created);
    }

    public sealed record LineError(long Line, string Reason, string Excerpt);

    public sealed record LinesIngested(int Ingested, string Format, long LinesRead, long Rejected, IReadOnlyList<LineError> Errors, int HeldLines);

    /// <summary>Seq's answer: the minimum level the sink should send from now on (null: everything).</summary>
    public sealed record SeqAccepted(string? MinimumLevelAccepted);

    public sealed record IngestedResponse(int Ingested);
}
