namespace AiLogger.Infrastructure.Security;

/// <summary>Sign-in rules, in one place for Identity's options, the UI and the docs.</summary>
public static class IdentityPolicy
{
    public const int MinimumPasswordLength = 10;
}
