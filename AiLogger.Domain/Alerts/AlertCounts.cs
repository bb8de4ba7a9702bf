namespace AiLogger.Domain.Alerts;

/// <summary>For the header's bell: alerts firing now, and how many of them nobody has acknowledged.</summary>
public sealed record AlertCounts(int Firing, int Unacknowledged);
