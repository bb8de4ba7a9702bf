namespace AiLogger.Domain.Storage;

/// <summary>The policy in force, and whether an admin set it in the UI or it comes from configuration.</summary>
public sealed record RetentionSettings(RetentionPolicy Policy, bool FromConfiguration, DateTimeOffset? UpdatedAt, string? UpdatedBy);
