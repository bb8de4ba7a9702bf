namespace AiLogger.Domain.Imports;

/// <summary>A source or upload setting that cannot be used; <see cref="Errors"/> maps each field to what is wrong.</summary>
public sealed class ImportSettingsException(IReadOnlyDictionary<string, string> errors)
    : Exception(string.Join(" ", errors.Values))
{
    public IReadOnlyDictionary<string, string> Errors { get; } = errors;
}
