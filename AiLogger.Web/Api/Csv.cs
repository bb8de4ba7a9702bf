using System.Globalization;

namespace AiLogger.Web.Api;

/// <summary>CSV for exports: RFC 4180 fields, safe to open in a spreadsheet.</summary>
public static class Csv
{
    /// <summary>RFC 4180 quoting; a leading =, +, - or @ is prefixed so spreadsheets do not run log content as a formula.</summary>
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value)) return string.Empty;
        if (value[0] is '=' or '+' or '-' or '@' && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>A number as data (invariant culture, full precision), empty when absent.</summary>
    public static string Number(double? value) => value is { } v && double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : string.Empty;

    public static string Line(params IEnumerable<string?> fields) => string.Join(',', fields.Select(Field));
}
