namespace AiLogger.Web.Components.Charts;

/// <summary>One series; <see cref="ChartPoint.X"/> is a category or, on a time axis, Unix milliseconds.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<ChartPoint> Data, string? Color = null);
