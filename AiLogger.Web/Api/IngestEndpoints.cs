using System.Text.Json;
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

    /// <summary>Seq's answer: the minimum level the sink should send from now on (null: everything).</summary>
    public sealed record SeqAccepted(string? MinimumLevelAccepted);

    public sealed record IngestedResponse(int Ingested);
}
