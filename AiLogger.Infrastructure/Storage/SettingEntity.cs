namespace AiLogger.Infrastructure.Storage;

/// <summary>A setting an admin changed in the UI, as JSON under its key; configuration's value applies while there is none.</summary>
public sealed class SettingEntity
{
    public required string Key { get; set; }

    public required string Value { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string? UpdatedBy { get; set; }
}
