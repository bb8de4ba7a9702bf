namespace AiLogger.Domain.Storage;

/// <summary>The retention policy: configuration's until an admin saves one in Settings → Storage.</summary>
public interface IRetentionSettingsStore
{
    Task<RetentionSettings> GetAsync(CancellationToken cancellationToken);

    /// <summary>Field → what is wrong; empty when saved.</summary>
    Task<IReadOnlyDictionary<string, string>> SaveAsync(RetentionPolicy policy, string updatedBy, CancellationToken cancellationToken);

    /// <summary>Back to configuration's policy.</summary>
    Task ResetAsync(CancellationToken cancellationToken);
}
