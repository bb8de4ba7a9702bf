using AiLogger.Domain.Logs;
using AiLogger.Domain.Storage;
using AiLogger.Web.Security;

namespace AiLogger.Web.Api;

/// <summary>The store (admin): its size and where it goes, the retention policy with a preview of what a change deletes, and backups.</summary>
public static class StorageEndpoints
{
    private const string PolicyExample =
        "{\"eventDays\": 30, \"rules\": [{\"levels\": [\"Debug\"], \"days\": 3}, {\"source\": \"health*\", \"days\": 1}], \"predictionDays\": 0, \"alertDays\": 90, \"maxDatabaseBytes\": 10737418240}";

    public static IEndpointRouteBuilder MapStorageEndpoints(this IEndpointRouteBuilder app)
    {
        var storage = app.MapGroup(Routes.Storage).RequireAuthorization(Policies.ApiAdmin).WithTags("Storage");
        storage.MapGet("", async (IStorageStatistics statistics, IRetentionSettingsStore settings, CancellationToken ct) =>
            TypedResults.Ok(new StorageResponse(await statistics.ReportAsync(ct), RetentionResponse.From(await settings.GetAsync(ct)))));
        storage.MapPut("/retention", SaveAsync).DocumentsBody<PolicyRequest>("application/json").Produces<RetentionResponse>();
        storage.MapDelete("/retention", async (IRetentionSettingsStore settings, CancellationToken ct) =>
        {
            await settings.ResetAsync(ct);
            return TypedResults.Ok(RetentionResponse.From(await settings.GetAsync(ct)));
        });
        storage.MapPost("/retention/preview", PreviewAsync).DocumentsBody<PolicyRequest>("application/json").Produces<RetentionPreview>();

        var backups = app.MapGroup(Routes.Backups).RequireAuthorization(Policies.ApiAdmin).WithTags("Storage");
        backups.MapPost("", async (HttpContext http, IBackupStore store, CancellationToken ct) =>
        {
            if (store.Unavailable is { } reason) return ApiErrors.Result(http, 409, reason);
            var backup = await store.CreateAsync(ct);
            return TypedResults.Created($"{Routes.Backups}/{backup.Name}", BackupResponse.From(backup));
        }).Produces<BackupResponse>(201);
        backups.MapGet("", async (HttpContext http, IBackupStore store, CancellationToken ct) =>
            store.Unavailable is { } reason
                ? ApiErrors.Result(http, 409, reason)
                : TypedResults.Ok((await store.ListAsync(ct)).Select(BackupResponse.From))).Produces<IEnumerable<BackupResponse>>();
        backups.MapGet("/{name}", (HttpContext http, string name, IBackupStore store) =>
            store.Unavailable is { } reason ? ApiErrors.Result(http, 409, reason)
            : store.Open(name) is { } content
                ? Results.File(content, "application/gzip", name)
                : ApiErrors.Result(http, 404, $"No backup is called '{name}'; GET {Routes.Backups} lists them.")).Produces(200, contentType: "application/gzip");
        return app;
    }

    private static async Task<IResult> SaveAsync(HttpContext http, IRetentionSettingsStore settings, CancellationToken cancellationToken)
    {
        var (request, error) = await JsonBody.ReadAsync<PolicyRequest>(http, PolicyExample, Expected, cancellationToken);
        if (request is null) return error!;
        if (request.ToPolicy(out var policy) is { } invalid) return invalid;
        var errors = await settings.SaveAsync(policy, http.User.Identity?.Name ?? "unknown", cancellationToken);
        if (errors.Count > 0) return Invalid(errors);
        return TypedResults.Ok(RetentionResponse.From(await settings.GetAsync(cancellationToken)));
    }

    private static async Task<IResult> PreviewAsync(HttpContext http, IStorageStatistics statistics, CancellationToken cancellationToken)
    {
        var (request, error) = await JsonBody.ReadAsync<PolicyRequest>(http, PolicyExample, Expected, cancellationToken);
        if (request is null) return error!;
        if (request.ToPolicy(out var policy) is { } invalid) return invalid;
        var errors = policy.Validate();
        if (errors.Count > 0) return Invalid(errors);
        return TypedResults.Ok(await statistics.PreviewAsync(policy, cancellationToken));
    }

    private static readonly Dictionary<string, string> Expected = new()
    {
        ["eventDays"] = "a whole number of days", ["predictionDays"] = "a whole number of days", ["alertDays"] = "a whole number of days",
        ["maxDatabaseBytes"] = "a number of bytes or null", ["rules"] = "an array of {source, levels, days}",
    };

    private static IResult Invalid(IReadOnlyDictionary<string, string> errors) => TypedResults.ValidationProblem(
        errors.ToDictionary(e => e.Key, e => new[] { e.Value }), detail: string.Join(" ", errors.Values));

    public sealed record RuleRequest(string? Source, string[]? Levels, int Days);

    public sealed record PolicyRequest(int? EventDays, RuleRequest[]? Rules, int? PredictionDays, int? AlertDays, long? MaxDatabaseBytes)
    {
        /// <summary>The policy, or the 400 naming a level that is not one.</summary>
        public IResult? ToPolicy(out RetentionPolicy policy)
        {
            policy = default!;
            var rules = new List<RetentionRule>();
            foreach (var rule in Rules ?? [])
            {
                if (rule is null) return Invalid(new Dictionary<string, string> { ["rules"] = "A rule is null; each is {source, levels, days}." });
                var levels = new List<LogLevel>();
                foreach (var name in rule.Levels ?? [])
                {
                    if (!LogLevels.TryParse(name, out var level)) return Invalid(new Dictionary<string, string> { ["rules"] = $"'{name ?? "null"}' is not a level; use {LogLevels.AcceptedNames}." });
                    levels.Add(level);
                }
                rules.Add(new RetentionRule { Source = string.IsNullOrWhiteSpace(rule.Source) ? null : rule.Source.Trim(), Levels = levels.Distinct().ToList(), Days = rule.Days });
            }
            policy = new RetentionPolicy
            {
                EventDays = EventDays ?? 30,
                Rules = rules,
                PredictionDays = PredictionDays ?? 0,
                AlertDays = AlertDays ?? 90,
                MaxDatabaseBytes = MaxDatabaseBytes is > 0 ? MaxDatabaseBytes : null,
            };
            return null;
        }
    }

    public sealed record RuleResponse(string? Source, IReadOnlyList<string> Levels, int Days);

    public sealed record RetentionResponse(
        int EventDays, IReadOnlyList<RuleResponse> Rules, int PredictionDays, int AlertDays, long? MaxDatabaseBytes,
        bool FromConfiguration, DateTimeOffset? UpdatedAt, string? UpdatedBy)
    {
        public static RetentionResponse From(RetentionSettings s) => new(
            s.Policy.EventDays, s.Policy.Rules.Select(r => new RuleResponse(r.Source, r.Levels.Select(l => l.Name()).ToList(), r.Days)).ToList(),
            s.Policy.PredictionDays, s.Policy.AlertDays, s.Policy.MaxDatabaseBytes, s.FromConfiguration, s.UpdatedAt, s.UpdatedBy);
    }

    public sealed record StorageResponse(StorageReport Usage, RetentionResponse Retention);

    public sealed record BackupResponse(string Name, DateTimeOffset CreatedAt, long Bytes, string Download)
    {
        public static BackupResponse From(BackupInfo b) => new(b.Name, b.CreatedAt, b.Bytes, $"{Routes.Backups}/{b.Name}");
    }
}
