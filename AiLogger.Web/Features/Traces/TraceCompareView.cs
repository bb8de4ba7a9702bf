using AiLogger.Web.Api;
using Microsoft.AspNetCore.WebUtilities;

namespace AiLogger.Web.Features.Traces;

/// <summary>The two traces the compare page lays over each other, as they travel in its URL (<c>?a=…&amp;b=…</c>).</summary>
public sealed record TraceCompareView
{
    public const string Path = Routes.TraceComparePage;

    /// <summary>As typed: checked by the page, so that a malformed id is named rather than dropped.</summary>
    public string A { get; init; } = string.Empty;

    public string B { get; init; } = string.Empty;

    public bool IsEmpty => A.Length == 0 && B.Length == 0;

    public static TraceCompareView FromUri(string uri)
    {
        var query = QueryHelpers.ParseQuery(new Uri(uri).Query);
        string Get(string name) => query.TryGetValue(name, out var v) ? v.ToString().Trim() : string.Empty;
        return new TraceCompareView { A = Get("a"), B = Get("b") };
    }

    public string ToUri()
    {
        var parameters = new Dictionary<string, string?>();
        if (!string.IsNullOrWhiteSpace(A)) parameters["a"] = A.Trim();
        if (!string.IsNullOrWhiteSpace(B)) parameters["b"] = B.Trim();
        return QueryHelpers.AddQueryString(Path, parameters);
    }

    /// <summary>The page of one trace.</summary>
    public static string TraceHref(string traceId) => $"{Routes.TracesPage}/{Uri.EscapeDataString(traceId)}";
}
