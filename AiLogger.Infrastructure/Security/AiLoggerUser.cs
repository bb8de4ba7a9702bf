using Microsoft.AspNetCore.Identity;

namespace AiLogger.Infrastructure.Security;

/// <summary>An Identity user with what the users page shows.</summary>
public sealed class AiLoggerUser : IdentityUser
{
    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? LastSignInAt { get; set; }

    /// <summary>Disabled by an admin: locked out until enabled again (not a temporary lockout).</summary>
    public bool IsDisabled { get; set; }
}
