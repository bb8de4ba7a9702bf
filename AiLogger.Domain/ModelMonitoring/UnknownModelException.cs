namespace AiLogger.Domain.ModelMonitoring;

/// <summary>No model has this name (404).</summary>
public sealed class UnknownModelException(string name)
    : Exception($"No model is named '{name}'; register it first with POST /api/models {{\"name\":\"{name}\"}}.")
{
    public string Name { get; } = name;
}
