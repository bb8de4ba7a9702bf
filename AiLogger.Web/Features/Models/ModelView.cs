using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace AiLogger.Web.Features.Models;

/// <summary>
/// What a model page shows, round-tripped through its URL: the window (a preset of whole UTC days, or custom
/// dates) and the tab. Windows end at the end of today (UTC), so the latest predictions are in.
/// </summary>
public sealed record ModelView
{
    public static readonly IReadOnlyList<string> Presets = ["7d", "30d", "90d"];
    public static readonly IReadOnlyList<string> Tabs = ["overview", "metrics", "samples", "classes", "confusion", "training", "drift"];

    public string Range { get; init; } = "30d";

    /// <summary>First and last day included, for a custom range.</summary>
    public DateOnly? From { get; init; }

    public DateOnly? To { get; init; }

    public string Tab { get; init; } = "overview";

    public static ModelView Parse(string uri)
    {
        var query = QueryHelpers.ParseQuery(new Uri(uri).Query);
        var view = new ModelView();
        if (query.TryGetValue("tab", out var tab) && Tabs.Contains(tab.ToString())) view = view with { Tab = tab.ToString() };
        if (query.TryGetValue("from", out var from) && query.TryGetValue("to", out var to)
            && DateOnly.TryParseExact(from, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var f)
            && DateOnly.TryParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) && f <= t)
            return view with { Range = "custom", From = f, To = t };
        if (query.TryGetValue("range", out var range) && Presets.Contains(range.ToString())) view = view with { Range = range.ToString() };
        return view;
    }

    public string ToUrl(string model)
    {
        var parameters = new Dictionary<string, string?>();
        if (Range == "custom" && From is { } f && To is { } t)
        {
            parameters["from"] = f.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            parameters["to"] = t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }
        else parameters["range"] = Range;
        if (Tab != "overview") parameters["tab"] = Tab;
        return QueryHelpers.AddQueryString($"{Api.Routes.ModelsPage}/{Uri.EscapeDataString(model)}", parameters);
    }

    /// <summary>[from, to) in UTC, whole days.</summary>
    public (DateTimeOffset From, DateTimeOffset To) Window(DateTimeOffset now)
    {
        if (Range == "custom" && From is { } f && To is { } t)
            return (Midnight(f), Midnight(t.AddDays(1)));
        var days = int.Parse(Range.TrimEnd('d'), CultureInfo.InvariantCulture);
        var end = Midnight(DateOnly.FromDateTime(now.UtcDateTime).AddDays(1));
        return (end.AddDays(-days), end);
    }

    /// <summary>The window of the same length just before, for "versus the previous period".</summary>
    public (DateTimeOffset From, DateTimeOffset To) PreviousWindow(DateTimeOffset now)
    {
        var (from, to) = Window(now);
        return (from - (to - from), from);
    }

    public string Describe(DateTimeOffset now)
    {
        var (from, to) = Window(now);
        return $"{from:d MMM yyyy} – {to.AddDays(-1):d MMM yyyy} (UTC)";
    }

    private static DateTimeOffset Midnight(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
