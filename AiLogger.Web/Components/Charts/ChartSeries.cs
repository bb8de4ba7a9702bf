namespace AiLogger.Web.Components.Charts;

/// <summary>
/// One series; <see cref="ChartPoint.X"/> is a category or, on a time axis, Unix milliseconds. <see cref="Type"/>
/// mixes types on one chart (dots over lines); null: the chart's type.
/// </summary>
public sealed record ChartSeries(string Name, IReadOnlyList<ChartPoint> Data, string? Color = null, ApexChartType? Type = null);
