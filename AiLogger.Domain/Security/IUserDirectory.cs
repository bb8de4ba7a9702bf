namespace AiLogger.Domain.Security;

/// <summary>Managing who may sign in, and with which role.</summary>
public interface IUserDirectory
{
    Task<IReadOnlyList<UserAccount>> ListAsync(CancellationToken cancellationToken);

    Task<bool> AnyAsync(CancellationToken cancellationToken);

    /// <summary>Creates a user; with no <paramref name="password"/>, one is generated and returned once.</summary>
    Task<UserResult> CreateAsync(string email, string? password, string role, CancellationToken cancellationToken);

    /// <summary>
    /// The first admin of a fresh install: created only while no user exists, one caller at a time, so concurrent
    /// set-ups create one admin and the others are told setup is complete.
    /// </summary>
    Task<UserResult> CreateFirstAdminAsync(string email, string password, CancellationToken cancellationToken);

    /// <summary>Refused when it would leave no enabled admin.</summary>
    Task<UserResult> ChangeRoleAsync(string userId, string role, CancellationToken cancellationToken);

    /// <summary>Sets a new generated password, returned once; signs the user out everywhere.</summary>
    Task<UserResult> ResetPasswordAsync(string userId, CancellationToken cancellationToken);

    /// <summary>A disabled user cannot sign in and is signed out; refused when it would leave no enabled admin.</summary>
    Task<UserResult> SetDisabledAsync(string userId, bool disabled, CancellationToken cancellationToken);
}
