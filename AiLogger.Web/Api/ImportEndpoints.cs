using AiLogger.Domain.Imports;
using AiLogger.Infrastructure.Imports;
using AiLogger.Web.Security;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace AiLogger.Web.Api;

/// <summary>Log-file imports (admin): one-off uploads, their progress and rejected lines, watched folders and a scan on demand.</summary>
public static class ImportEndpoints
{
    private const int RejectedLinesShown = 1_000;
    private const int Listed = 100;

    public static IEndpointRouteBuilder MapImportEndpoints(this IEndpointRouteBuilder app)
    {
        var imports = app.MapGroup(Routes.Imports).RequireAuthorization(Policies.ApiAdmin).WithTags("Imports").DisableAntiforgery();
        imports.MapPost("", UploadAsync).DocumentsBody<IFormFile>("multipart/form-data").Produces(202);
        imports.MapGet("", async (IImportCatalog catalog, CancellationToken ct) => TypedResults.Ok(new ImportListResponse(
            (await catalog.ListAsync(ImportKinds.Upload, Listed, ct)).Select(ImportResponse.From).ToList(),
            (await catalog.ListAsync(ImportKinds.Watched, Listed, ct)).Select(ImportResponse.From).ToList(),
            await catalog.SourcesAsync(ct))));
        imports.MapGet("/{id:long}", async (HttpContext http, long id, IImportCatalog catalog, CancellationToken ct) =>
            await catalog.FindAsync(id, ct) is { } import
                ? Results.Ok(ImportResponse.From(import) with { Errors = await catalog.RejectedLinesAsync(id, RejectedLinesShown, ct) })
                : ApiErrors.Result(http, 404, $"No import has id {id}.")).Produces<ImportResponse>();
        imports.MapPost("/scan", async (IImportRunner runner, CancellationToken ct) => TypedResults.Ok(await runner.ScanAsync(ct)));
        imports.MapGet("/sources", async (IImportCatalog catalog, CancellationToken ct) => TypedResults.Ok(await catalog.SourcesAsync(ct)));
        imports.MapPost("/sources", AddSourceAsync).Produces<ImportSource>(201);
        imports.MapDelete("/sources/{key}", async (HttpContext http, string key, IImportCatalog catalog, CancellationToken ct) =>
            await catalog.RemoveSourceAsync(key, ct)
                ? Results.NoContent()
                : ApiErrors.Result(http, 404, $"No source added in the UI has key '{key}' (sources from configuration are changed there).")).Produces(204);
        return app;
    }

    private static async Task<IResult> UploadAsync(HttpContext http, IImportRunner runner, IOptions<ImportOptions> options, CancellationToken cancellationToken)
    {
        var max = options.Value.MaxUploadBytes;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = max + FormOverhead;
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 } boundary)
            return ApiErrors.Result(http, 400, "Send the file as multipart/form-data in a part named 'file' (curl -F file=@app.log).");
        if (http.Request.ContentLength > max + FormOverhead)
            return ApiErrors.Result(http, 413, $"The upload is larger than the limit of {max:N0} bytes (AiLogger:Imports:MaxUploadBytes).");

        // Streamed part by part: the file is written once, straight to the upload folder; fields may come before or after it.
        var reader = new MultipartReader(boundary, http.Request.Body);
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        long? id = null;
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)) continue;
                if (disposition.IsFileDisposition() && id is null)
                {
                    var name = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                    id = await runner.ReceiveAsync(name ?? "upload", section.Body, cancellationToken);
                }
                else if (disposition.IsFormDisposition())
                {
                    using var text = new StreamReader(section.Body);
                    var value = await text.ReadToEndAsync(cancellationToken);
                    if (value.Length > MaxFieldChars) return await RefuseAsync(400, $"The field '{disposition.Name}' is longer than {MaxFieldChars:N0} characters.");
                    fields[HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? string.Empty] = value;
                }
            }
        }
        catch (ImportSettingsException error)
        {
            return TypedResults.ValidationProblem(error.Errors.ToDictionary(e => e.Key, e => new[] { e.Value }), detail: error.Message);
        }
        catch (Exception error) when (error is InvalidDataException or BadHttpRequestException or IOException)
        {
            return await RefuseAsync(400, $"The multipart body could not be read: {error.Message}");
        }
        if (id is null) return ApiErrors.Result(http, 400, "The form has no file; send it in a part named 'file'.");

        string? Field(string name) => fields.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value
            : http.Request.Query.TryGetValue(name, out var query) && !string.IsNullOrWhiteSpace(query) ? query.ToString() : null;
        try
        {
            await runner.StartAsync(id.Value, new ImportFormatSettings
            {
                Format = Field("format") ?? ImportFormats.Auto,
                Source = Field("source"),
                TimeZone = Field("timeZone"),
                Regex = Field("regex"),
            }, cancellationToken);
            return TypedResults.Accepted($"{Routes.Imports}/{id}", new { id });
        }
        catch (ImportSettingsException error)
        {
            return TypedResults.ValidationProblem(error.Errors.ToDictionary(e => e.Key, e => new[] { e.Value }), detail: error.Message);
        }

        async Task<IResult> RefuseAsync(int status, string message)
        {
            if (id is { } received) await runner.DiscardAsync(received, CancellationToken.None);
            return ApiErrors.Result(http, status, message);
        }
    }

    private const long FormOverhead = 1024 * 1024;
    private const int MaxFieldChars = 64 * 1024;

    private static async Task<IResult> AddSourceAsync(HttpContext http, SourceRequest? request, IImportCatalog catalog, CancellationToken cancellationToken)
    {
        if (request is null)
            return ApiErrors.Result(http, 400, "Send a JSON object: {\"name\": \"app\", \"path\": \"/var/log/app\", \"pattern\": \"*.jsonl\", \"format\": \"auto\"}.");
        try
        {
            var source = await catalog.AddSourceAsync(new ImportSource
            {
                Key = string.Empty,
                Name = request.Name ?? string.Empty,
                Path = request.Path ?? string.Empty,
                Pattern = request.Pattern ?? "*",
                Format = request.Format ?? ImportFormats.Auto,
                Source = request.Source,
                TimeZone = request.TimeZone,
                Regex = request.Regex,
                Enabled = request.Enabled ?? true,
                Origin = ImportSource.DatabaseOrigin,
            }, cancellationToken);
            return TypedResults.Created($"{Routes.Imports}/sources/{source.Key}", source);
        }
        catch (ImportSettingsException error)
        {
            return TypedResults.ValidationProblem(error.Errors.ToDictionary(e => e.Key, e => new[] { e.Value }), detail: error.Message);
        }
    }

    public sealed record SourceRequest(string? Name, string? Path, string? Pattern, string? Format, string? Source, string? TimeZone, string? Regex, bool? Enabled);

    public sealed record ImportListResponse(IReadOnlyList<ImportResponse> Imports, IReadOnlyList<ImportResponse> Files, IReadOnlyList<ImportSource> Sources);

    public sealed record ImportResponse(
        long Id, string Kind, string Name, string? Source, string Format, string Status, long LinesRead, long EventsImported,
        long LinesRejected, long Offset, long TotalBytes, long BytesRead, double? Progress, string? Error,
        DateTimeOffset CreatedAt, DateTimeOffset? UpdatedAt, DateTimeOffset? FinishedAt)
    {
        /// <summary>Rejected lines (line, reason, first 500 bytes): in the answer about one import.</summary>
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public IReadOnlyList<RejectedLine>? Errors { get; init; }

        public static ImportResponse From(ImportRecord r) => new(
            r.Id, r.Kind, r.Name, r.SourceName, r.Format, r.Status, r.LinesRead, r.EventsImported, r.LinesRejected, r.Offset,
            r.TotalBytes, r.BytesRead, r.Progress, r.Error, r.CreatedAt, r.UpdatedAt, r.FinishedAt);
    }
}
