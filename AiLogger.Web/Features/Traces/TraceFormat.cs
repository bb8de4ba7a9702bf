using System.Globalization;

namespace AiLogger.Web.Features.Traces;

/// <summary>How trace pages write durations, token counts and service colours.</summary>
public static class TraceFormat
{
    // Distinct in light and dark themes; red is kept for errors.
    private static readonly string[] Palette =
        ["#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948", "#9c755f", "#ff9da7", "#6b8e23", "#1f9bd1", "#a0522d", "#7f7fff"];

    public const string ErrorColor = "#e15759";

    public static string Duration(double ms) => ms switch
    {
        < 0.001 => "0 µs",
        < 1 => (ms * 1000).ToString("0", CultureInfo.InvariantCulture) + " µs",
        < 10 => ms.ToString("0.00", CultureInfo.InvariantCulture) + " ms",
        < 1000 => ms.ToString("0.#", CultureInfo.InvariantCulture) + " ms",
        < 60_000 => (ms / 1000).ToString("0.00", CultureInfo.InvariantCulture) + " s",
        _ => TimeSpan.FromMilliseconds(ms).ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture),
    };

    public static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    public static string Tokens(long n) => n switch
    {
        < 10_000 => n.ToString("N0", CultureInfo.InvariantCulture),
        < 1_000_000 => (n / 1000.0).ToString("0.#", CultureInfo.InvariantCulture) + "k",
        _ => (n / 1_000_000.0).ToString("0.##", CultureInfo.InvariantCulture) + "M",
    };

    /// <summary>The same colour for a service on every page and every visit (a stable hash, not string.GetHashCode).</summary>
    public static string ServiceColor(string? service)
    {
        if (string.IsNullOrEmpty(service)) return "#8a8fa3";
        uint hash = 2166136261;
        foreach (var c in service) hash = (hash ^ c) * 16777619;
        return Palette[hash % (uint)Palette.Length];
    }
}
