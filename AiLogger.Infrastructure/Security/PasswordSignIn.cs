using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;

namespace AiLogger.Infrastructure.Security;

/// <summary>
/// The sign-in form's one path: throttled per account and address (<see cref="SignInThrottle"/>), and one password-hash
/// verification whatever the account — unknown e-mails are checked against a stand-in hash — so the time an answer
/// takes says nothing about which accounts exist.
/// </summary>
public sealed class PasswordSignIn(
    SignInManager<AiLoggerUser> signIn,
    IPasswordHasher<AiLoggerUser> hasher,
    SignInThrottle throttle,
    TimeProvider time,
    ILogger<PasswordSignIn> logger)
{
    private static readonly Lazy<string> StandInHash = new(() =>
        new PasswordHasher<AiLoggerUser>().HashPassword(new AiLoggerUser(), Guid.NewGuid().ToString("N")));

    public async Task<SignInOutcome> SignInAsync(string email, string password, bool remember, IPAddress? client)
    {
        email = email.Trim();
        var wait = throttle.WaitBeforeAttempt(email, client);
        if (wait > TimeSpan.Zero)
        {
            logger.LogWarning("Sign-in for {Email} from {Remote} refused: {Wait} s to wait after failed attempts", email, client, Math.Ceiling(wait.TotalSeconds));
            return new SignInOutcome(SignInOutcome.Kind.TooSoon, wait);
        }

        var users = signIn.UserManager;
        var user = await users.FindByNameAsync(email);
        bool passwordRight;
        if (user is null)
        {
            hasher.VerifyHashedPassword(new AiLoggerUser(), StandInHash.Value, password);
            passwordRight = false;
        }
        else
        {
            passwordRight = await users.CheckPasswordAsync(user, password);
        }

        if (!passwordRight)
        {
            throttle.Failed(email, client);
            logger.LogWarning("Failed sign-in for {Email} from {Remote}: {Reason}", email, client, user is null ? "unknown user" : "wrong password");
            return new SignInOutcome(SignInOutcome.Kind.WrongCredentials);
        }
        if (user!.IsDisabled)
        {
            logger.LogWarning("Sign-in for {Email} from {Remote} refused: the account is disabled", email, client);
            return new SignInOutcome(SignInOutcome.Kind.Disabled);
        }

        throttle.Succeeded(email, client);
        await signIn.SignInAsync(user, isPersistent: remember);
        user.LastSignInAt = time.GetUtcNow();
        await users.UpdateAsync(user);
        logger.LogInformation("{Email} signed in from {Remote}", email, client);
        return new SignInOutcome(SignInOutcome.Kind.Succeeded);
    }
}
