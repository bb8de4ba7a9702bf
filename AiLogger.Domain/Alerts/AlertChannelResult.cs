namespace AiLogger.Domain.Alerts;

/// <summary>The outcome of saving a channel: the channel, field errors, or not found.</summary>
public sealed record AlertChannelResult
{
    public AlertChannel? Channel { get; init; }

    public IReadOnlyDictionary<string, string> Errors { get; init; } = new Dictionary<string, string>();

    public bool NotFound { get; init; }

    public bool Succeeded => Channel is not null;

    public static AlertChannelResult Invalid(IReadOnlyDictionary<string, string> errors) => new() { Errors = errors };
}
