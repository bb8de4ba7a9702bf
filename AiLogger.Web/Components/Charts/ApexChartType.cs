namespace AiLogger.Web.Components.Charts;

public enum ApexChartType
{
    Bar,
    Line,
    Area,
    Pie,
    Donut,
    Heatmap,
    Scatter,
}
