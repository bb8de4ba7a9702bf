using System.Security.Cryptography;
using AiLogger.Domain.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AiLogger.Infrastructure.Security;

/// <summary>
/// Users and their single role, over ASP.NET Core Identity. Each call gets its own scope (and so its own
/// DbContext): pages of a long-lived Blazor circuit never see stale users or share a context.
/// </summary>
internal sealed class UserDirectory(IServiceScopeFactory scopes, TimeProvider time, ILogger<UserDirectory> logger) : IUserDirectory
{
    private const string PasswordAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    public async Task<IReadOnlyList<UserAccount>> ListAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = Users(scope);
        var all = await users.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(cancellationToken);
        var accounts = new List<UserAccount>(all.Count);
        foreach (var user in all) accounts.Add(await ToAccountAsync(users, user));
        return accounts;
    }

    public async Task<bool> AnyAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await Users(scope).Users.AnyAsync(cancellationToken);
    }

    public async Task<UserResult> CreateAsync(string email, string? password, string role, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = Users(scope);
        email = email.Trim();
        if (!Roles.TryNormalize(role, out role)) return UserResult.Failed("role", $"Choose a role: {string.Join(", ", Roles.All)}.");
        if (string.IsNullOrWhiteSpace(email) || !email.Contains('@')) return UserResult.Failed("email", "Enter an e-mail address.");
        if (await users.FindByEmailAsync(email) is not null) return UserResult.Failed("email", $"A user with {email} exists already.");

        var generated = string.IsNullOrEmpty(password) ? GeneratePassword() : null;
        var user = new AiLoggerUser { UserName = email, Email = email, EmailConfirmed = true, CreatedAt = time.GetUtcNow(), LockoutEnabled = true };
        IdentityResult created;
        try
        {
            created = await users.CreateAsync(user, password ?? generated!);
        }
        catch (DbUpdateException error) when (Persistence.UniqueViolation.Is(error))
        {
            // Created by a concurrent request between the check above and this insert.
            return UserResult.Failed("email", $"A user with {email} exists already.");
        }
        if (!created.Succeeded) return Failed(created, "password");
        await users.AddToRoleAsync(user, role);
        logger.LogInformation("User {Email} created with role {Role}", email, role);
        return new UserResult { User = await ToAccountAsync(users, user), GeneratedPassword = generated };
    }

    public async Task<UserResult> CreateFirstAdminAsync(string email, string password, CancellationToken cancellationToken)
    {
        await _firstAdmin.WaitAsync(cancellationToken);
        try
        {
            // Checked again inside the lock: the caller's own check may be stale by now.
            if (await AnyAsync(cancellationToken)) return UserResult.Failed("setup", SetupComplete);
            return await CreateAsync(email, password, Roles.Admin, cancellationToken);
        }
        finally
        {
            _firstAdmin.Release();
        }
    }

    public const string SetupComplete = "Setup is complete: users exist. Sign in, or ask an admin for an account.";

    private readonly SemaphoreSlim _firstAdmin = new(1, 1);

    public async Task<UserResult> ChangeRoleAsync(string userId, string role, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = Users(scope);
        if (!Roles.TryNormalize(role, out role)) return UserResult.Failed("role", $"Choose a role: {string.Join(", ", Roles.All)}.");
        var user = await users.FindByIdAsync(userId);
        if (user is null) return UserResult.Failed("user", "No such user.");
        var current = await users.GetRolesAsync(user);
        if (current.Contains(Roles.Admin) && role != Roles.Admin && await IsLastEnabledAdminAsync(users, user))
            return UserResult.Failed("role", "This is the last enabled admin; make someone else admin first.");
        if (current.Count > 0) await users.RemoveFromRolesAsync(user, current);
        await users.AddToRoleAsync(user, role);
        await users.UpdateSecurityStampAsync(user);
        logger.LogInformation("User {Email} now has role {Role}", user.Email, role);
        return new UserResult { User = await ToAccountAsync(users, user) };
    }

    public async Task<UserResult> ResetPasswordAsync(string userId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = Users(scope);
        var user = await users.FindByIdAsync(userId);
        if (user is null) return UserResult.Failed("user", "No such user.");
        var password = GeneratePassword();
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var reset = await users.ResetPasswordAsync(user, token, password);
        if (!reset.Succeeded) return Failed(reset, "password");
        await users.ResetAccessFailedCountAsync(user);
        await users.SetLockoutEndDateAsync(user, user.IsDisabled ? DateTimeOffset.MaxValue : null);
        logger.LogInformation("Password of {Email} reset by an admin", user.Email);
        return new UserResult { User = await ToAccountAsync(users, user), GeneratedPassword = password };
    }

    public async Task<UserResult> SetDisabledAsync(string userId, bool disabled, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = Users(scope);
        var user = await users.FindByIdAsync(userId);
        if (user is null) return UserResult.Failed("user", "No such user.");
        if (disabled && await users.IsInRoleAsync(user, Roles.Admin) && await IsLastEnabledAdminAsync(users, user))
            return UserResult.Failed("user", "This is the last enabled admin; it cannot be disabled.");
        user.IsDisabled = disabled;
        user.LockoutEnabled = true;
        user.LockoutEnd = disabled ? DateTimeOffset.MaxValue : null;
        await users.UpdateAsync(user);
        // A new stamp ends the user's existing sessions at their next validation.
        await users.UpdateSecurityStampAsync(user);
        logger.LogInformation("User {Email} {State}", user.Email, disabled ? "disabled" : "enabled");
        return new UserResult { User = await ToAccountAsync(users, user) };
    }

    /// <summary>Start-up: makes sure this admin exists and may sign in (an existing password is kept).</summary>
    internal async Task EnsureAdminAsync(string email, string password)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = Users(scope);
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            var result = await CreateAsync(email, password, Roles.Admin, CancellationToken.None);
            if (!result.Succeeded)
                throw new InvalidOperationException($"AiLogger:Bootstrap:AdminEmail could not be created: {string.Join(" ", result.Errors.SelectMany(e => e.Value))}");
            return;
        }
        if (!await users.IsInRoleAsync(user, Roles.Admin)) await ChangeRoleAsync(user.Id, Roles.Admin, CancellationToken.None);
        if (user.IsDisabled) await SetDisabledAsync(user.Id, false, CancellationToken.None);
    }

    private static UserManager<AiLoggerUser> Users(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<UserManager<AiLoggerUser>>();

    private static async Task<bool> IsLastEnabledAdminAsync(UserManager<AiLoggerUser> users, AiLoggerUser user)
    {
        var admins = await users.GetUsersInRoleAsync(Roles.Admin);
        return admins.All(a => a.Id == user.Id || a.IsDisabled);
    }

    private async Task<UserAccount> ToAccountAsync(UserManager<AiLoggerUser> users, AiLoggerUser user)
    {
        var roles = await users.GetRolesAsync(user);
        return new UserAccount
        {
            Id = user.Id,
            Email = user.Email ?? user.UserName ?? user.Id,
            Role = Roles.All.LastOrDefault(roles.Contains),
            IsDisabled = user.IsDisabled,
            CreatedAt = user.CreatedAt,
            LastSignInAt = user.LastSignInAt,
        };
    }

    private static string GeneratePassword() => RandomNumberGenerator.GetString(PasswordAlphabet, 16);

    private static UserResult Failed(IdentityResult result, string field) => new()
    {
        Errors = result.Errors
            .GroupBy(e => e.Code.StartsWith("Password", StringComparison.Ordinal) ? "password" : e.Code.Contains("Email") || e.Code.Contains("UserName") ? "email" : field)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray()),
    };
}
