namespace AiLogger.Domain.ModelMonitoring;

/// <summary>What an uploaded file holds.</summary>
public enum ModelUploadKind
{
    Predictions,
    Validations,
}
