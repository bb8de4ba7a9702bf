namespace AiLogger.Domain.Alerts;

/// <summary>How an e-mail channel secures its SMTP connection.</summary>
public static class EmailSecurity
{
    /// <summary>STARTTLS when the server offers it (port 587, 25).</summary>
    public const string Auto = "auto";

    /// <summary>Plain connection, never upgraded (a relay on localhost).</summary>
    public const string None = "none";

    /// <summary>STARTTLS, required.</summary>
    public const string StartTls = "starttls";

    /// <summary>TLS from the first byte (port 465).</summary>
    public const string Tls = "tls";

    public static IReadOnlyList<string> All { get; } = [Auto, None, StartTls, Tls];

    public static string? Normalize(string? mode) =>
        All.FirstOrDefault(m => string.Equals(m, mode?.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? (mode?.Trim().ToLowerInvariant() is "ssl" or "implicit" ? Tls : null);
}
