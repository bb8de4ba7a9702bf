using System.Text.Json;
using AiLogger.Domain.Alerts;
using AiLogger.Domain.Common;
using AiLogger.Web.Security;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace AiLogger.Web.Api;

/// <summary>
/// Alerting (DESIGN §4): alerts for every signed-in user (read scope) — list and acknowledge; rules and channels for
/// admins — with dry run, preview, silence, test notification and evaluation on demand.
/// </summary>
public static class AlertEndpoints
{
    public static IEndpointRouteBuilder MapAlertEndpoints(this IEndpointRouteBuilder app)
    {
        var alerts = app.MapGroup(Routes.Alerts).WithTags("Alerts").DisableAntiforgery();

        var instances = alerts.MapGroup("").RequireAuthorization(Policies.ApiRead);
        instances.MapGet("", ListAsync).Produces<AlertResponse[]>();
        instances.MapGet("/counts", async (IAlertStore store, CancellationToken ct) => TypedResults.Ok(await store.CountsAsync(ct)));
        instances.MapGet("/{id:long}", async (HttpContext http, long id, IAlertStore store, CancellationToken ct) =>
            await store.GetAsync(id, ct) is { } alert ? Results.Ok(AlertResponse.Of(alert)) : ApiErrors.Result(http, 404, $"No alert has id {id}."))
            .Produces<AlertResponse>();
        instances.MapPost("/{id:long}/acknowledge", async (HttpContext http, long id, IAlertStore store, CancellationToken ct) =>
            await store.AcknowledgeAsync(id, Who(http), ct) is { } alert ? Results.Ok(AlertResponse.Of(alert)) : ApiErrors.Result(http, 404, $"No alert has id {id}."))
            .Produces<AlertResponse>();

        var admin = alerts.MapGroup("").RequireAuthorization(Policies.ApiAdmin);
        admin.MapPost("/evaluate", async (IAlertEvaluator evaluator, CancellationToken ct) => TypedResults.Ok(EvaluationResponse.Of(await evaluator.EvaluateAllAsync(ct))));

        var rules = admin.MapGroup("/rules");
        rules.MapGet("", async (IAlertRuleStore store, CancellationToken ct) => TypedResults.Ok((await store.ListAsync(ct)).Select(RuleResponse.Of)));
        rules.MapGet("/{id:long}", async (HttpContext http, long id, IAlertRuleStore store, CancellationToken ct) =>
            await store.GetAsync(id, ct) is { } rule ? Results.Ok(RuleResponse.Of(rule)) : RuleNotFound(http, id)).Produces<RuleResponse>();
        rules.MapPost("", CreateRuleAsync).DocumentsBody<RuleRequest>("application/json").Produces<RuleResponse>(201);
        rules.MapPut("/{id:long}", UpdateRuleAsync).DocumentsBody<RuleRequest>("application/json").Produces<RuleResponse>();
        rules.MapDelete("/{id:long}", async (HttpContext http, long id, IAlertRuleStore store, CancellationToken ct) =>
            await store.DeleteAsync(id, ct) ? Results.NoContent() : RuleNotFound(http, id)).Produces(204);
        rules.MapPost("/{id:long}/silence", SilenceAsync).DocumentsBody<SilenceRequest>("application/json").Produces<RuleResponse>();
        rules.MapPost("/dry-run", DryRunAsync).DocumentsBody<RuleRequest>("application/json").Produces<DryRunResponse>();
        rules.MapPost("/preview", PreviewAsync).DocumentsBody<RuleRequest>("application/json").Produces<PreviewResponse>();

        var channels = admin.MapGroup("/channels");
        channels.MapGet("", async (IAlertChannelStore store, CancellationToken ct) => TypedResults.Ok((await store.ListAsync(ct)).Select(ChannelResponse.Of)));
        channels.MapGet("/{id:long}", async (HttpContext http, long id, IAlertChannelStore store, CancellationToken ct) =>
            await store.GetAsync(id, ct) is { } channel ? Results.Ok(ChannelResponse.Of(channel)) : ChannelNotFound(http, id)).Produces<ChannelResponse>();
        channels.MapPost("", CreateChannelAsync).DocumentsBody<ChannelRequest>("application/json").Produces<ChannelResponse>(201);
        channels.MapPut("/{id:long}", UpdateChannelAsync).DocumentsBody<ChannelRequest>("application/json").Produces<ChannelResponse>();
        channels.MapDelete("/{id:long}", async (HttpContext http, long id, IAlertChannelStore store, CancellationToken ct) =>
            await store.DeleteAsync(id, ct) ? Results.NoContent() : ChannelNotFound(http, id)).Produces(204);
        channels.MapPost("/{id:long}/test", async (HttpContext http, long id, IAlertChannelStore store, CancellationToken ct) =>
            await store.SendTestAsync(id, ct) is { } result
                ? Results.Ok(new TestResponse(result.Success, result.Error, Math.Round(result.Duration.TotalMilliseconds, 1)))
                : ChannelNotFound(http, id)).Produces<TestResponse>();
        return app;
    }

    private const string RuleExample =
        "{\"name\": \"Errors\", \"kind\": \"logs\", \"query\": \"level>=error\", \"window\": \"5m\", \"comparison\": \">=\", \"threshold\": 3}";

    private const string ChannelExample = "{\"name\": \"ops hook\", \"kind\": \"webhook\", \"url\": \"https://hooks.example.com/ailogger\"}";

    private static async Task<IResult> ListAsync(HttpContext http, IAlertStore store, string? state, string? rule, string? before, string? limit, CancellationToken cancellationToken)
    {
        if (state is not null && !AlertListFilter.States.Contains(state.ToLowerInvariant()))
            return Invalid("state", $"'{state}' is not a state; use {string.Join(", ", AlertListFilter.States)}.");
        if (!TryReadId(rule, out var ruleId)) return Invalid("rule", $"rule is a rule's id (a number), not '{rule}'.");
        if (!TryReadId(before, out var beforeId)) return Invalid("before", $"before is an alert's id (a number), not '{before}'.");
        if (!QueryParameters.TryReadInt(limit, 100, 1, AlertListFilter.MaxLimit, out var count))
            return Invalid("limit", $"limit is a whole number from 1 to {AlertListFilter.MaxLimit}.");
        var list = await store.ListAsync(new AlertListFilter { State = state, RuleId = ruleId, Before = beforeId, Limit = count }, cancellationToken);
        return TypedResults.Ok(list.Select(AlertResponse.Of));
    }

    private static async Task<IResult> CreateRuleAsync(HttpContext http, IAlertRuleStore store, CancellationToken cancellationToken)
    {
        var (request, error) = await ReadAsync<RuleRequest>(http, RuleExample, cancellationToken);
        if (request is null) return error!;
        var result = await store.CreateAsync(request.ToDraft(), cancellationToken);
        return result.Rule is { } rule
            ? TypedResults.Created($"{Routes.Alerts}/rules/{rule.Id}", RuleResponse.Of(rule))
            : Invalid(result.Errors, "The rule is not valid.");
    }

    private static async Task<IResult> UpdateRuleAsync(HttpContext http, long id, IAlertRuleStore store, CancellationToken cancellationToken)
    {
        var (request, error) = await ReadAsync<RuleRequest>(http, RuleExample, cancellationToken);
        if (request is null) return error!;
        var result = await store.UpdateAsync(id, request.ToDraft(), cancellationToken);
        if (result.NotFound) return RuleNotFound(http, id);
        return result.Rule is { } rule ? TypedResults.Ok(RuleResponse.Of(rule)) : Invalid(result.Errors, "The rule is not valid.");
    }

    private static async Task<IResult> SilenceAsync(HttpContext http, long id, IAlertStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var (request, error) = await ReadAsync<SilenceRequest>(http, "{\"until\": \"2h\"} (a time, or a duration from now; null lifts the silence)", cancellationToken);
        if (request is null) return error!;
        DateTimeOffset? until = null;
        if (!string.IsNullOrWhiteSpace(request.Until))
        {
            var now = time.GetUtcNow();
            if (!QueryParameters.TryReadFutureTime(request.Until, now, out var parsed))
                return Invalid("until", $"'{request.Until}' is neither a time (2026-11-25T18:00:00Z) nor a duration (2h) within {QueryParameters.MaxAhead.TotalDays:0} days from now.");
            if (parsed <= now) return Invalid("until", "The silence must end in the future (or send null to lift it).");
            until = parsed;
        }
        return await store.SilenceAsync(id, until, cancellationToken) is { } rule ? Results.Ok(RuleResponse.Of(rule)) : RuleNotFound(http, id);
    }

    private static async Task<IResult> DryRunAsync(HttpContext http, IAlertEvaluator evaluator, CancellationToken cancellationToken)
    {
        var (request, error) = await ReadAsync<RuleRequest>(http, RuleExample, cancellationToken);
        if (request is null) return error!;
        var dry = await evaluator.DryRunAsync(request.ToDraft(forCheck: true), cancellationToken);
        return dry.Errors.Count > 0 ? Invalid(dry.Errors, "The rule is not valid.") : TypedResults.Ok(DryRunResponse.Of(dry));
    }

    private static async Task<IResult> PreviewAsync(HttpContext http, IAlertEvaluator evaluator, string? range, CancellationToken cancellationToken)
    {
        TimeSpan? span = null;
        if (!string.IsNullOrWhiteSpace(range))
        {
            if (!Durations.TryParse(range, out var parsed) || parsed.Value < TimeSpan.FromMinutes(1) || parsed.Value > TimeSpan.FromDays(7))
                return Invalid("range", $"'{range}' is not a range between 1m and 7d (write 6h, 24h, 7d).");
            span = parsed.Value;
        }
        var (request, error) = await ReadAsync<RuleRequest>(http, RuleExample, cancellationToken);
        if (request is null) return error!;
        var preview = await evaluator.PreviewAsync(request.ToDraft(forCheck: true), span, cancellationToken);
        return preview.Errors.Count > 0 ? Invalid(preview.Errors, "The rule is not valid.") : TypedResults.Ok(PreviewResponse.Of(preview));
    }

    private static async Task<IResult> CreateChannelAsync(HttpContext http, IAlertChannelStore store, CancellationToken cancellationToken)
    {
        var (request, error) = await ReadAsync<ChannelRequest>(http, ChannelExample, cancellationToken);
        if (request is null) return error!;
        var result = await store.CreateAsync(request.ToDraft(), cancellationToken);
        return result.Channel is { } channel
            ? TypedResults.Created($"{Routes.Alerts}/channels/{channel.Id}", ChannelResponse.Of(channel))
            : Invalid(result.Errors, "The channel is not valid.");
    }

    private static async Task<IResult> UpdateChannelAsync(HttpContext http, long id, IAlertChannelStore store, CancellationToken cancellationToken)
    {
        var (request, error) = await ReadAsync<ChannelRequest>(http, ChannelExample, cancellationToken);
        if (request is null) return error!;
        var result = await store.UpdateAsync(id, request.ToDraft(), cancellationToken);
        if (result.NotFound) return ChannelNotFound(http, id);
        return result.Channel is { } channel ? TypedResults.Ok(ChannelResponse.Of(channel)) : Invalid(result.Errors, "The channel is not valid.");
    }

    /// <summary>What the alerts' fields hold, for the message when one has the wrong type.</summary>
    private static readonly Dictionary<string, string> Expected = new()
    {
        ["threshold"] = "a number",
        ["channels"] = "an array of channel ids",
        ["to"] = "an array of addresses",
    };

    private static Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpContext http, string example, CancellationToken cancellationToken) where T : class =>
        JsonBody.ReadAsync<T>(http, example, Expected, cancellationToken);

    private static bool TryReadId(string? text, out long? id)
    {
        id = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (!long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)) return false;
        id = value;
        return true;
    }

    private static string Who(HttpContext http)
    {
        var name = http.User.Identity?.Name ?? "unknown";
        return http.User.Identity?.AuthenticationType == ApiKeyAuthenticationHandler.SchemeName ? $"API key '{name}'" : name;
    }

    private static IResult RuleNotFound(HttpContext http, long id) => ApiErrors.Result(http, 404, $"No alert rule has id {id}.");

    private static IResult ChannelNotFound(HttpContext http, long id) => ApiErrors.Result(http, 404, $"No alert channel has id {id}.");

    private static IResult Invalid(string field, string message) => Invalid(new Dictionary<string, string> { [field] = message }, message);

    private static IResult Invalid(IReadOnlyDictionary<string, string> errors, string detail) => TypedResults.ValidationProblem(
        errors.ToDictionary(e => e.Key, e => new[] { e.Value }),
        detail: errors.Count == 1 ? errors.First().Value : $"{detail} {string.Join(" ", errors.Select(e => $"{e.Key}: {e.Value}"))}");

    public sealed record RuleRequest(
        string? Name, string? Description, string? Kind, string? Query, string? GroupBy, string? Window, string? Comparison, double? Threshold,
        string? For, string? Cooldown, bool? Repeat, bool? NotifyOnResolve, string? Severity, bool? Enabled, long[]? Channels,
        string? Model, string? Metric, string? Class, string? Feature, string? Aggregation = null, string? Filter = null)
    {
        /// <param name="forCheck">A dry run or preview needs no name.</param>
        public AlertRuleDraft ToDraft(bool forCheck = false) => new()
        {
            Name = forCheck && string.IsNullOrWhiteSpace(Name) ? "(draft)" : Name,
            Description = Description,
            Kind = Kind,
            Query = Query,
            GroupBy = GroupBy,
            Window = Window,
            Comparison = Comparison,
            Threshold = Threshold,
            For = For,
            Cooldown = Cooldown,
            Repeat = Repeat ?? false,
            NotifyOnResolve = NotifyOnResolve ?? true,
            Severity = Severity,
            Enabled = Enabled ?? true,
            Channels = Channels ?? [],
            Model = Model,
            Metric = Metric,
            Class = Class,
            Feature = Feature,
            Aggregation = Aggregation,
            Filter = Filter,
        };
    }

    public sealed record SilenceRequest(string? Until);

    public sealed record ChannelRequest(
        string? Name, string? Kind, bool? Enabled, string? Url, string? Secret, string? SmtpHost, int? SmtpPort, string? SmtpSecurity,
        string? SmtpUser, string? SmtpPassword, string? From, string[]? To)
    {
        public AlertChannelDraft ToDraft() => new()
        {
            Name = Name,
            Kind = Kind,
            Enabled = Enabled ?? true,
            Url = Url,
            Secret = Secret,
            SmtpHost = SmtpHost,
            SmtpPort = SmtpPort,
            SmtpSecurity = SmtpSecurity,
            SmtpUser = SmtpUser,
            SmtpPassword = SmtpPassword,
            From = From,
            To = To ?? [],
        };
    }

    public sealed record RuleResponse(
        long Id, string Name, string? Description, string Kind, string? Query, string? GroupBy, string? Window, string Comparison, double Threshold,
        string For, string Cooldown, bool Repeat, bool NotifyOnResolve, string Severity, bool Enabled, IReadOnlyList<long> Channels,
        string? Model, string? Metric, string? Class, string? Feature, DateTimeOffset? SilencedUntil, string Condition, string Status,
        DateTimeOffset? LastEvaluatedAt, double? LastValue, string? LastNote, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
        string? Aggregation, string? Filter)
    {
        public static RuleResponse Of(AlertRule r) => new(
            r.Id, r.Name, r.Description, r.Kind, r.Kind == AlertKinds.Logs ? r.Query.Text : null, r.GroupBy,
            r.Window > TimeSpan.Zero ? Durations.Format(r.Window) : null, r.Comparison.Symbol(), r.Threshold, Durations.Format(r.For),
            Durations.Format(r.Cooldown), r.Repeat, r.NotifyOnResolve, r.Severity.Name(), r.Enabled, r.Channels, r.Model, r.Metric, r.Class,
            r.Feature, r.SilencedUntil, r.Condition, StatusName(r.Status), r.LastEvaluatedAt, r.LastValue, r.LastNote, r.CreatedAt, r.UpdatedAt,
            r.Aggregation, r.Filter.Count == 0 ? null : MetricRuleFilter.Format(r.Filter));
    }

    public sealed record AlertResponse(
        long Id, long RuleId, string RuleName, string Kind, string Severity, string State, string? GroupBy, string? Group, double Value,
        double FiredValue, double Threshold, string Comparison, string? Window, string Condition, DateTimeOffset StartedAt,
        DateTimeOffset? ResolvedAt, DateTimeOffset UpdatedAt, DateTimeOffset? LastNotifiedAt, int Notifications, bool Acknowledged,
        string? AcknowledgedBy, DateTimeOffset? AcknowledgedAt, IReadOnlyList<AlertSample> Samples)
    {
        public static AlertResponse Of(AlertInstance a) => new(
            a.Id, a.RuleId, a.RuleName, a.Kind, a.Severity.Name(), a.State == AlertState.Resolved ? "resolved" : "firing", a.GroupBy, a.GroupKey,
            a.Value, a.FiredValue, a.Threshold, a.Comparison.Symbol(), a.Window > TimeSpan.Zero ? Durations.Format(a.Window) : null, a.Condition,
            a.StartedAt, a.ResolvedAt, a.UpdatedAt, a.LastNotifiedAt, a.Notifications, a.Acknowledged, a.AcknowledgedBy, a.AcknowledgedAt, a.Samples);
    }

    public sealed record ChannelResponse(
        long Id, string Name, string Kind, bool Enabled, string? Url, bool HasSecret, string? SmtpHost, int? SmtpPort, string? SmtpSecurity,
        string? SmtpUser, bool HasPassword, string? From, IReadOnlyList<string> To, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
        DateTimeOffset? LastAttemptAt, DateTimeOffset? LastSuccessAt, DateTimeOffset? LastFailureAt, string? LastError, bool Failing, int PendingDeliveries)
    {
        public static ChannelResponse Of(AlertChannel c) => new(
            c.Id, c.Name, c.Kind, c.Enabled, c.Url, c.HasSecret, c.SmtpHost, c.SmtpPort, c.SmtpSecurity, c.SmtpUser, c.HasPassword, c.From, c.To,
            c.CreatedAt, c.UpdatedAt, c.LastAttemptAt, c.LastSuccessAt, c.LastFailureAt, c.LastError, c.Failing, c.PendingDeliveries);
    }

    public sealed record GroupResponse(
        string? Group, double? Value, bool ConditionMet, string Status, string Transition, bool Notified, string? Suppressed, long? AlertId)
    {
        public static GroupResponse Of(AlertGroupEvaluation g) => new(
            g.Group, double.IsFinite(g.Value) ? g.Value : null, g.ConditionMet, StatusName(g.Status), TransitionName(g.Transition), g.Notified, g.Suppressed, g.AlertId);
    }

    public sealed record RuleEvaluationResponse(long RuleId, string Name, string Status, double? Value, string? Note, double DurationMs, IReadOnlyList<GroupResponse> Groups);

    public sealed record EvaluationResponse(
        DateTimeOffset EvaluatedAt, double DurationMs, int Fired, int Resolved, int Notifications, IReadOnlyList<RuleEvaluationResponse> Rules)
    {
        public static EvaluationResponse Of(AlertEvaluationResult r) => new(
            r.EvaluatedAt, Math.Round(r.Duration.TotalMilliseconds, 1), r.Fired, r.Resolved, r.Notifications,
            r.Rules.Select(e => new RuleEvaluationResponse(e.RuleId, e.Name, StatusName(e.Status), e.Value, e.Note,
                Math.Round(e.Duration.TotalMilliseconds, 1), e.Groups.Select(GroupResponse.Of).ToList())).ToList());
    }

    public sealed record DryRunResponse(
        bool WouldFire, double? Value, double Threshold, string Comparison, string? Window, string? Condition, IReadOnlyList<GroupResponse> Groups,
        string? Note, IReadOnlyList<AlertSample> Samples, DateTimeOffset EvaluatedAt)
    {
        public static DryRunResponse Of(AlertDryRun d) => new(
            d.WouldFire, d.Value, d.Threshold, d.Comparison.Symbol(), d.Window > TimeSpan.Zero ? Durations.Format(d.Window) : null, d.Condition,
            d.Groups.Select(GroupResponse.Of).ToList(), d.Note, d.Samples, d.EvaluatedAt);
    }

    public sealed record PointResponse(DateTimeOffset Start, DateTimeOffset End, double? Count, double? Value);

    public sealed record SeriesResponse(string? Group, IReadOnlyList<PointResponse> Points);

    public sealed record PreviewResponse(
        DateTimeOffset From, DateTimeOffset To, string Interval, string? Window, double Threshold, string Comparison,
        IReadOnlyList<PointResponse> Points, IReadOnlyList<SeriesResponse> Groups, int PointsAbove, string? Note)
    {
        public static PreviewResponse Of(AlertPreview p) => new(
            p.From, p.To, Durations.Format(p.Interval), p.Window > TimeSpan.Zero ? Durations.Format(p.Window) : null, p.Threshold, p.Comparison.Symbol(),
            ToPoints(p.Points), p.Groups.Select(g => new SeriesResponse(g.Group, ToPoints(g.Points))).ToList(), p.PointsAbove, p.Note);

        private static List<PointResponse> ToPoints(IReadOnlyList<AlertPreviewPoint> points) =>
            points.Select(x => new PointResponse(x.Start, x.End, double.IsFinite(x.Count) ? x.Count : null, x.Value is { } v && double.IsFinite(v) ? v : null)).ToList();
    }

    public sealed record TestResponse(bool Success, string? Error, double DurationMs);

    private static string StatusName(AlertStatus status) => status.ToString().ToLowerInvariant();

    private static string TransitionName(AlertTransition transition) => transition switch
    {
        AlertTransition.PendingCleared => "pendingCleared",
        _ => transition.ToString().ToLowerInvariant(),
    };
}
