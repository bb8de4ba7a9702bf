using AiLogger.Domain.Logs;
using AiLogger.Domain.Logs.Query;
using Microsoft.AspNetCore.WebUtilities;

namespace AiLogger.Web.Features.Live;

/// <summary>The live tail's filters as they travel in the URL: a query plus the two quick filters.</summary>
public sealed record LiveView
{
    public const string Path = "/live";

    public string Query { get; init; } = string.Empty;

    /// <summary>Show this level and above; null for all.</summary>
    public LogLevel? MinimumLevel { get; init; }

    public string? Source { get; init; }

    /// <summary>What the server filters with: the query AND the quick filters.</summary>
    public string EffectiveQuery
    {
        get
        {
            var query = Query;
            if (MinimumLevel is { } level) query = QueryText.And(query, $"level>={level.Name()}");
            if (!string.IsNullOrEmpty(Source)) query = QueryText.And(query, QueryText.FieldTerm("source", Source));
            return query;
        }
    }

    public static LiveView FromUri(string uri)
    {
        var query = QueryHelpers.ParseQuery(new Uri(uri).Query);
        string? Get(string name) => query.TryGetValue(name, out var v) ? v.ToString() : null;
        return new LiveView
        {
            Query = Get("q") ?? string.Empty,
            MinimumLevel = LogLevels.TryParse(Get("level"), out var level) ? level : null,
            Source = string.IsNullOrWhiteSpace(Get("source")) ? null : Get("source"),
        };
    }

    public string ToUri() => QueryHelpers.AddQueryString(Path, new Dictionary<string, string?>
    {
        ["q"] = string.IsNullOrWhiteSpace(Query) ? null : Query.Trim(),
        ["level"] = MinimumLevel?.Name(),
        ["source"] = Source,
    }.Where(p => p.Value is not null).ToDictionary());
}
