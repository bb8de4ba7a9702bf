using System.Globalization;

namespace AiLogger.Domain.Alerts;

public static class AlertValues
{
    /// <summary>A value as people read it: whole counts without decimals, metrics with up to four.</summary>
    public static string Format(double value) =>
        value == Math.Floor(value) && Math.Abs(value) < 1e15
            ? value.ToString("0", CultureInfo.InvariantCulture)
            : value.ToString("0.####", CultureInfo.InvariantCulture);
}
