using System.ComponentModel.DataAnnotations;
using AiLogger.Domain.Security;
using AiLogger.Infrastructure.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace AiLogger.Web.Features.Account;

public partial class Login
{
    private string? _error;
    private bool _noUsers;

    [Inject] private SignInManager<AiLoggerUser> SignIn { get; set; } = default!;
    [Inject] private IUserDirectory Users { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private ILogger<Login> Logger { get; set; } = default!;

    [CascadingParameter] private HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromForm] private LoginInput Input { get; set; } = default!;

    [SupplyParameterFromQuery] private string? ReturnUrl { get; set; }

    protected override async Task OnInitializedAsync()
    {
        Input ??= new();
        if (HttpMethods.IsGet(HttpContext.Request.Method))
        {
            // A stale external cookie must not leak into this sign-in.
            await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);
            _noUsers = !await Users.AnyAsync(HttpContext.RequestAborted);
        }
    }

    private async Task SignInAsync()
    {
        var email = Input.Email.Trim();
        var result = await SignIn.PasswordSignInAsync(email, Input.Password, Input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            var user = await SignIn.UserManager.FindByNameAsync(email);
            if (user is not null)
            {
                user.LastSignInAt = Time.GetUtcNow();
                await SignIn.UserManager.UpdateAsync(user);
            }
            Logger.LogInformation("{Email} signed in from {Remote}", email, HttpContext.Connection.RemoteIpAddress);
            Navigation.NavigateTo(SafeReturnUrl(), forceLoad: true);
            return;
        }

        Input.Password = string.Empty;
        var account = await SignIn.UserManager.FindByNameAsync(email);
        Logger.LogWarning("Failed sign-in for {Email} from {Remote}: {Reason}", email, HttpContext.Connection.RemoteIpAddress,
            account is null ? "unknown user" : result.IsLockedOut ? "locked out" : "wrong password");
        _error = account switch
        {
            { IsDisabled: true } => "This account is disabled. Ask an admin to enable it.",
            not null when result.IsLockedOut =>
                $"Too many failed attempts: this account is locked for {IdentityPolicy.LockoutDuration.TotalMinutes:0} minutes. Try again later, or ask an admin to reset the password.",
            _ => "The e-mail or the password is not right. Check both and try again.",
        };
    }

    /// <summary>Only paths of this site: an open redirect would send a fresh session anywhere.</summary>
    private string SafeReturnUrl() =>
        !string.IsNullOrEmpty(ReturnUrl) && ReturnUrl.StartsWith('/') && !ReturnUrl.StartsWith("//", StringComparison.Ordinal)
        && !ReturnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? ReturnUrl
            : "/";

    private sealed class LoginInput
    {
        [Required(ErrorMessage = "Enter your e-mail address.")]
        [EmailAddress(ErrorMessage = "Enter an e-mail address.")]
        public string Email { get; set; } = string.Empty;

        [Required(ErrorMessage = "Enter your password.")]
        public string Password { get; set; } = string.Empty;

        public bool RememberMe { get; set; }
    }
}
