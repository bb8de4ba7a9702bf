namespace AiLogger.Infrastructure.Security;

/// <summary>A data-protection key (it signs sign-in cookies and antiforgery tokens), kept in the database.</summary>
public sealed class DataProtectionKey
{
    public int Id { get; set; }

    public string? FriendlyName { get; set; }

    public string Xml { get; set; } = string.Empty;
}
