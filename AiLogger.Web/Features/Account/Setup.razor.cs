using System.ComponentModel.DataAnnotations;
using AiLogger.Domain.Security;
using AiLogger.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;

namespace AiLogger.Web.Features.Account;

/// <summary>First run without a configured admin: from the server's own machine, while no user exists.</summary>
public partial class Setup
{
    private enum SetupState { Open, Done, NotLocal }

    private SetupState _state;
    private List<string> _errors = [];

    [Inject] private IUserDirectory Users { get; set; } = default!;
    [Inject] private SignInManager<AiLoggerUser> SignIn { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private ILogger<Setup> Logger { get; set; } = default!;

    [CascadingParameter] private HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromForm] private SetupInput Input { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        Input ??= new();
        var remote = HttpContext.Connection.RemoteIpAddress;
        _state = await Users.AnyAsync(HttpContext.RequestAborted) ? SetupState.Done
            : remote is null || !System.Net.IPAddress.IsLoopback(remote) ? SetupState.NotLocal
            : SetupState.Open;
        if (_state == SetupState.NotLocal) Logger.LogWarning("Refused /setup from {Remote}: only the server's own machine may create the first admin", remote);
    }

    private async Task CreateAsync()
    {
        if (_state != SetupState.Open) return;
        var result = await Users.CreateAsync(Input.Email, Input.Password, Roles.Admin, HttpContext.RequestAborted);
        if (!result.Succeeded)
        {
            _errors = result.Errors.SelectMany(e => e.Value).ToList();
            return;
        }
        Logger.LogWarning("First admin {Email} created through /setup", Input.Email);
        await SignIn.PasswordSignInAsync(Input.Email.Trim(), Input.Password, isPersistent: false, lockoutOnFailure: false);
        Navigation.NavigateTo("/", forceLoad: true);
    }

    private sealed class SetupInput
    {
        [Required(ErrorMessage = "Enter an e-mail address.")]
        [EmailAddress(ErrorMessage = "Enter an e-mail address.")]
        public string Email { get; set; } = string.Empty;

        [Required(ErrorMessage = "Choose a password.")]
        [MinLength(IdentityPolicy.MinimumPasswordLength, ErrorMessage = "Use at least 10 characters.")]
        public string Password { get; set; } = string.Empty;

        [Compare(nameof(Password), ErrorMessage = "The two passwords differ.")]
        public string Confirm { get; set; } = string.Empty;
    }
}
