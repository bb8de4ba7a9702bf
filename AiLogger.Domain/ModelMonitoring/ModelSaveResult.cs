namespace AiLogger.Domain.ModelMonitoring;

/// <summary>The model as stored, and whether this call registered it (rather than updating it).</summary>
public sealed record ModelSaveResult(MonitoredModel Model, bool Created);
