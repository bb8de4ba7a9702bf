namespace AiLogger.Domain.Security;

[Flags]
public enum ApiKeyScopes
{
    None = 0,
    Ingest = 1,
    Read = 2,
    Admin = 4,
    All = Ingest | Read | Admin,
}
