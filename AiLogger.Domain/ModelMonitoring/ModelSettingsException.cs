namespace AiLogger.Domain.ModelMonitoring;

/// <summary>A model definition or reference that cannot be stored; <see cref="Errors"/> maps each field to what is wrong.</summary>
public sealed class ModelSettingsException(IReadOnlyDictionary<string, string[]> errors)
    : Exception(string.Join(" ", errors.Values.SelectMany(v => v)))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    public static ModelSettingsException For(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });
}
