namespace AiLogger.Infrastructure.Security;

/// <summary>What a sign-in attempt came to; <see cref="Wait"/> is set when it was refused for being too soon.</summary>
public sealed record SignInOutcome(SignInOutcome.Kind Result, TimeSpan Wait = default)
{
    public enum Kind { Succeeded, WrongCredentials, Disabled, TooSoon }

    public bool Succeeded => Result == Kind.Succeeded;
}
