namespace AiLogger.Domain.ModelMonitoring;

/// <summary>The models under watch and their references, for the API and the <c>/models</c> pages.</summary>
public interface IModelCatalog
{
    /// <summary>Days of daily points in <see cref="ModelSummary.Daily"/> (the list's sparkline).</summary>
    const int SparklineDays = 30;

    /// <summary>Every model with its health at a glance, by name.</summary>
    Task<IReadOnlyList<ModelSummary>> ListAsync(CancellationToken cancellationToken);

    /// <summary>One model's summary; null when no model has this name (compared case-insensitively).</summary>
    Task<ModelSummary?> SummaryAsync(string name, CancellationToken cancellationToken);

    /// <summary>The model; null when no model has this name.</summary>
    Task<MonitoredModel?> FindAsync(string name, CancellationToken cancellationToken);

    /// <summary>Registers a model, or updates the version, classes and description of the one with this name.</summary>
    /// <exception cref="ModelSettingsException">A field is not valid.</exception>
    Task<ModelSaveResult> SaveAsync(ModelDefinition definition, CancellationToken cancellationToken);

    /// <summary>The reference with its class counts (for a period: predicted classes counted now); null when none is set.</summary>
    /// <exception cref="UnknownModelException"/>
    Task<ModelReference?> GetReferenceAsync(string name, CancellationToken cancellationToken);

    /// <summary>Replaces the model's reference; the drift job is queued for it.</summary>
    /// <exception cref="UnknownModelException"/>
    /// <exception cref="ModelSettingsException">Unknown classes, negative or no counts, or an empty period.</exception>
    Task<ModelReference> SetReferenceAsync(string name, ModelReference reference, CancellationToken cancellationToken);

    /// <summary>Raised after models, data, metrics or drift results change, so open pages refresh.</summary>
    event Action? Changed;
}
