namespace AiLogger.Infrastructure.Logs;

/// <summary>
/// A distinct message template, stored once: events refer to it by id. Applications log a few thousand
/// templates over millions of events, so this keeps a quarter of each row off the disk.
/// </summary>
public sealed class MessageTemplateRecord
{
    public long Id { get; set; }

    public string Text { get; set; } = string.Empty;
}
