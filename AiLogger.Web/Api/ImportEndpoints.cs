using AiLogger.Domain.Imports;
using AiLogger.Infrastructure.Imports;
using AiLogger.Web.Security;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace AiLogger.Web.Api;

/// <summary>Log-file imports (admin): one-off uploads, their progress and rejected lines, watched folders and a scan on demand.</summary>
public static class ImportEndpoints
{
    private const int RejectedLinesShown = 1_000;
    private const int Listed = 100;

    public static IEndpointRouteBuilder MapImportEndpoints(this IEndpointRouteBuilder app)
    {
        var imports = app.MapGroup(Routes.Imports).RequireAuthorization(Scopes.Admin).WithTags("Imports").DisableAntiforgery();
        imports.MapPost("", UploadAsync);
        imports.MapGet("", async (IImportCatalog catalog, CancellationToken ct) => TypedResults.Ok(new ImportListResponse(
            (await catalog.ListAsync(ImportKinds.Upload, Listed, ct)).Select(ImportResponse.From).ToList(),
            (await catalog.ListAsync(ImportKinds.Watched, Listed, ct)).Select(ImportResponse.From).ToList(),
            await catalog.SourcesAsync(ct))));
        imports.MapGet("/{id:long}", async (HttpContext http, long id, IImportCatalog catalog, CancellationToken ct) =>
            await catalog.FindAsync(id, ct) is { } import
                ? Results.Ok(ImportResponse.From(import) with { Errors = await catalog.RejectedLinesAsync(id, RejectedLinesShown, ct) })
                : ApiErrors.Result(http, 404, $"No import has id {id}."));
        imports.MapPost("/scan", async (IImportRunner runner, CancellationToken ct) => TypedResults.Ok(await runner.ScanAsync(ct)));
        imports.MapGet("/sources", async (IImportCatalog catalog, CancellationToken ct) => TypedResults.Ok(await catalog.SourcesAsync(ct)));
        imports.MapPost("/sources", AddSourceAsync);
        imports.MapDelete("/sources/{key}", async (HttpContext http, string key, IImportCatalog catalog, CancellationToken ct) =>
            await catalog.RemoveSourceAsync(key, ct)
                ? Results.NoContent()
                : ApiErrors.Result(http, 404, $"No source added in the UI has key '{key}' (sources from configuration are changed there)."));
        return app;
    }

    private static async Task<IResult> UploadAsync(HttpContext http, IImportRunner runner, IOptions<ImportOptions> options, CancellationToken cancellationToken)
    {
        var max = options.Value.MaxUploadBytes;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = max + 1024 * 1024;
        if (!http.Request.HasFormContentType || !http.Request.ContentType!.Contains("multipart/", StringComparison.OrdinalIgnoreCase))
            return ApiErrors.Result(http, 400, "Send the file as multipart/form-data in a part named 'file' (curl -F file=@app.log).");
        if (http.Request.ContentLength > max + 1024 * 1024)
            return ApiErrors.Result(http, 413, $"The upload is larger than the limit of {max:N0} bytes (AiLogger:Imports:MaxUploadBytes).");

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
        if (file is null) return ApiErrors.Result(http, 400, "The form has no file; send it in a part named 'file'.");

        string? Field(string name) => form.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.ToString()
            : http.Request.Query.TryGetValue(name, out var query) && !string.IsNullOrWhiteSpace(query) ? query.ToString() : null;
        var settings = new ImportFormatSettings
        {
            Format = Field("format") ?? ImportFormats.Auto,
            Source = Field("source"),
            TimeZone = Field("timeZone"),
            Regex = Field("regex"),
        };
        try
        {
            await using var content = file.OpenReadStream();
            var id = await runner.UploadAsync(file.FileName, content, settings, cancellationToken);
            return TypedResults.Accepted($"{Routes.Imports}/{id}", new { id });
        }
        catch (ImportSettingsException error)
        {
            return TypedResults.ValidationProblem(error.Errors.ToDictionary(e => e.Key, e => new[] { e.Value }), detail: error.Message);
        }
    }

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
