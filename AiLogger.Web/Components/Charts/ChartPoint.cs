namespace AiLogger.Web.Components.Charts;

public sealed record ChartPoint(object X, double? Y)
{
    public static ChartPoint At(DateTimeOffset time, double? y) => new(time.ToUnixTimeMilliseconds(), y);
}
