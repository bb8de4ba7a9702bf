namespace AiLogger.Domain.Alerts;

/// <summary>A preview line: the whole query (<see cref="Group"/> null) or one group of a grouped rule.</summary>
public sealed record AlertPreviewSeries(string? Group, IReadOnlyList<AlertPreviewPoint> Points);
