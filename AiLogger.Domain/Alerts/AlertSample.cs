using AiLogger.Domain.Logs;

namespace AiLogger.Domain.Alerts;

/// <summary>One of the (at most 10) events kept with an alert, newest first, so people see what fired it.</summary>
public sealed record AlertSample(long Id, DateTimeOffset Timestamp, string Level, string Message, string? Source)
{
    public const int MaxPerAlert = 10;
    public const int MaxMessageLength = 1_000;

    public static AlertSample From(LogEvent e) => new(
        e.Id, e.Timestamp, e.Level.Name(), e.Message.Length > MaxMessageLength ? e.Message[..MaxMessageLength] + "…" : e.Message, e.Source);
}
