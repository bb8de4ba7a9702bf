namespace AiLogger.Web.Api;

/// <summary>Every route AI-Logger serves, in one place (DESIGN §4, §9).</summary>
public static class Routes
{
    public const string SeqRaw = "/api/events/raw";
    public const string SeqClef = "/ingest/clef";
    public const string NativeLogs = "/api/logs";
    public const string StructuredIngest = "/api/ingest";
    public const string LogLines = "/api/logs/lines";
    public const string LogsGroup = "/api/logs";
    public const string Keys = "/api/keys";
    public const string Health = "/healthz";
    public const string Hangfire = "/hangfire";
    public const string Users = "/api/users";
    public const string Metrics = "/metrics";
    public const string Imports = "/api/imports";
    public const string Models = "/api/models";
    public const string Alerts = "/api/alerts";
    public const string Backups = "/api/admin/backups";
    public const string Storage = "/api/admin/storage";
    public const string OtlpTraces = "/v1/traces";
    public const string OtlpLogs = "/v1/logs";
    public const string OtlpMetrics = "/v1/metrics";
    public const string MetricsApi = "/api/metrics";
    public const string SystemPage = "/system";
    public const string MetricsPage = "/system/metrics";
    /// <summary>The same OTLP routes under the prefix Seq uses.</summary>
    public const string OtlpPrefix = "/ingest/otlp";
    public const string Traces = "/api/traces";
    public const string Tests = "/api/tests";

    public const string Overview = "/";
    public const string LogsPage = "/logs";
    public const string LivePage = "/live";
    public const string TracesPage = "/traces";
    public const string Login = "/login";
    public const string Logout = "/logout";
    public const string Setup = "/setup";
    public const string AccessDenied = "/access-denied";
    public const string UsersPage = "/settings/users";
    public const string ApiKeysPage = "/settings/api-keys";
    public const string ImportsPage = "/settings/imports";
    public const string StoragePage = "/settings/storage";
    public const string ModelPricesPage = "/settings/prices";
    public const string ModelsPage = "/models";
    public const string TestsPage = "/tests";
    public const string AlertsPage = "/alerts";
    public const string AlertRulesPage = "/alerts/rules";
    /// <summary>A literal segment, so it wins over <c>/traces/{traceId}</c>.</summary>
    public const string TraceComparePage = "/traces/compare";
    public const string LlmUsagePage = "/traces/llm";

    /// <summary>The API reference, a page for people (it sends them to the sign-in form), though under /api.</summary>
    public const string ApiDocs = "/api/docs";

    /// <summary>Paths answered as an API (JSON errors, never a redirect to the sign-in page).</summary>
    public static bool IsApiRoute(PathString path) =>
        (path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) && !path.StartsWithSegments(ApiDocs, StringComparison.OrdinalIgnoreCase))
        || path.StartsWithSegments("/ingest", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/v1", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(Metrics, StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/hubs", StringComparison.OrdinalIgnoreCase);

    /// <summary>OTLP/HTTP's paths, whose clients expect a <c>google.rpc.Status</c> error body.</summary>
    public static bool IsOtlpRoute(PathString path) =>
        path.StartsWithSegments("/v1", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments(OtlpPrefix + "/v1", StringComparison.OrdinalIgnoreCase);

    /// <summary>Paths whose clients expect Seq's error shape, <c>{"Error":"…"}</c>.</summary>
    public static bool IsSeqRoute(PathString path) =>
        path.StartsWithSegments(SeqRaw, StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments(SeqClef, StringComparison.OrdinalIgnoreCase);
}
