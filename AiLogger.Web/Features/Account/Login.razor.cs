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

    [Inject] private PasswordSignIn PasswordSignIn { get; set; } = default!;
    [Inject] private IUserDirectory Users { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

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
        var outcome = await PasswordSignIn.SignInAsync(Input.Email, Input.Password, Input.RememberMe, HttpContext.Connection.RemoteIpAddress);
        if (outcome.Succeeded)
        {
            Navigation.NavigateTo(SafeReturnUrl(), forceLoad: true);
            return;
        }
        Input.Password = string.Empty;
        _error = outcome.Result switch
        {
            SignInOutcome.Kind.TooSoon =>
                $"Too many failed attempts from your address: wait {Wait(outcome.Wait)} before the next one. Each further failure doubles the wait; ask an admin to reset the password if you have lost it.",
            SignInOutcome.Kind.Disabled => "This account is disabled. Ask an admin to enable it.",
            _ => "The e-mail or the password is not right. Check both and try again.",
        };
    }

    private static string Wait(TimeSpan wait) => Math.Ceiling(wait.TotalSeconds) switch
    {
        1 => "1 second",
        < 120 and var seconds => $"{seconds:0} seconds",
        _ => $"{Math.Ceiling(wait.TotalMinutes):0} minutes",
    };

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
