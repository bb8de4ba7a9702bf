namespace AiLogger.Infrastructure.Security;

/// <summary><c>AiLogger:Bootstrap</c>: what start-up makes sure exists.</summary>
public sealed class BootstrapOptions
{
    public const string Section = "AiLogger:Bootstrap";

    /// <summary>When set, a key with this secret and every scope is ensured at start-up.</summary>
    public string? ApiKey { get; set; }

    public string? AdminEmail { get; set; }

    public string? AdminPassword { get; set; }
}
