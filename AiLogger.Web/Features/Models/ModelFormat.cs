using System.Globalization;

namespace AiLogger.Web.Features.Models;

/// <summary>How model figures read on the pages: ratios as percentages, absent figures as a dash.</summary>
public static class ModelFormat
{
    public static string Percent(double? value) =>
        value is { } v && double.IsFinite(v) ? (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %" : "–";

    public static string Number(double? value, string format = "0.###") =>
        value is { } v && double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "–";

    /// <summary>p-values span hundreds of orders of magnitude: tiny ones in scientific notation.</summary>
    public static string PValue(double? value) => value switch
    {
        null => "–",
        0 => "< 1E-300",
        < 0.0001 => value.Value.ToString("0.##E+0", CultureInfo.InvariantCulture),
        _ => value.Value.ToString("0.####", CultureInfo.InvariantCulture),
    };

    /// <summary>The change from the previous period in percentage points, signed.</summary>
    public static string? Delta(double? current, double? previous) =>
        current is { } c && previous is { } p && double.IsFinite(c) && double.IsFinite(p)
            ? ((c - p) * 100).ToString("+0.0;-0.0;±0.0", CultureInfo.InvariantCulture) + " pts"
            : null;

    /// <summary>A ratio rounded for a chart axis (0–100).</summary>
    public static double? Chart(double? value) => value is { } v && double.IsFinite(v) ? Math.Round(v * 100, 2) : null;
}
