using AiLogger.Web.Api;
using Microsoft.AspNetCore.WebUtilities;

namespace AiLogger.Web.Features.Traces;

/// <summary>What the LLM usage page shows, as it travels in its URL: a range ending now, a service, a trace query.</summary>
public sealed record LlmUsageView
{
    public const string Path = Routes.LlmUsagePage;
    public const string DefaultRange = "7d";
    public static readonly IReadOnlyList<string> Ranges = ["24h", "7d", "30d", "90d"];

    public string Range { get; init; } = DefaultRange;

    public string Service { get; init; } = string.Empty;

    public string Query { get; init; } = string.Empty;

    public bool IsFiltered => Service.Length > 0 || Query.Length > 0;

    public (DateTimeOffset From, DateTimeOffset To) Window(DateTimeOffset now) => (now - Length(Range), now);

    private static TimeSpan Length(string range) => range switch
    {
        "24h" => TimeSpan.FromHours(24),
        "30d" => TimeSpan.FromDays(30),
        "90d" => TimeSpan.FromDays(90),
        _ => TimeSpan.FromDays(7),
    };

    public static LlmUsageView FromUri(string uri)
    {
        var query = QueryHelpers.ParseQuery(new Uri(uri).Query);
        string Get(string name) => query.TryGetValue(name, out var v) ? v.ToString().Trim() : string.Empty;
        var range = Get("range");
        return new LlmUsageView { Range = Ranges.Contains(range) ? range : DefaultRange, Service = Get("service"), Query = Get("q") };
    }

    public string ToUri()
    {
        var parameters = new Dictionary<string, string?>();
        if (Range != DefaultRange) parameters["range"] = Range;
        if (!string.IsNullOrWhiteSpace(Service)) parameters["service"] = Service.Trim();
        if (!string.IsNullOrWhiteSpace(Query)) parameters["q"] = Query.Trim();
        return QueryHelpers.AddQueryString(Path, parameters);
    }
}
