namespace AiLogger.Domain.SystemMetrics;

/// <summary>The sampler of the host this node runs on: its name as metrics carry it, and what it could not read.</summary>
public interface IHostSampling
{
    string HostName { get; }

    /// <summary>What the last reading could not read (a missing /proc file, a filesystem without access).</summary>
    IReadOnlyList<string> Notes { get; }

    DateTimeOffset? LastSample { get; }
}
