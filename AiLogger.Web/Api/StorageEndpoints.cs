using AiLogger.Domain.Storage;
using AiLogger.Web.Security;

namespace AiLogger.Web.Api;

/// <summary>Backups (admin): take one now while ingest goes on, list them, download one.</summary>
public static class StorageEndpoints
{
    public static IEndpointRouteBuilder MapStorageEndpoints(this IEndpointRouteBuilder app)
    {
        var backups = app.MapGroup(Routes.Backups).RequireAuthorization(Policies.ApiAdmin).WithTags("Storage");
        backups.MapPost("", async (IBackupStore store, CancellationToken ct) =>
        {
            var backup = await store.CreateAsync(ct);
            return TypedResults.Created($"{Routes.Backups}/{backup.Name}", BackupResponse.From(backup));
        });
        backups.MapGet("", async (IBackupStore store, CancellationToken ct) => TypedResults.Ok((await store.ListAsync(ct)).Select(BackupResponse.From)));
        backups.MapGet("/{name}", (HttpContext http, string name, IBackupStore store) =>
            store.Open(name) is { } content
                ? Results.File(content, "application/gzip", name)
                : ApiErrors.Result(http, 404, $"No backup is called '{name}'; GET {Routes.Backups} lists them."));
        return app;
    }

    public sealed record BackupResponse(string Name, DateTimeOffset CreatedAt, long Bytes, string Download)
    {
        public static BackupResponse From(BackupInfo b) => new(b.Name, b.CreatedAt, b.Bytes, $"{Routes.Backups}/{b.Name}");
    }
}
