using System.ComponentModel.DataAnnotations;
using AiLogger.Domain.Security;
using AiLogger.Infrastructure.Security;
using AiLogger.Web.Security;
using Microsoft.AspNetCore.Identity;

namespace AiLogger.Web.Features.Account;

/// <summary>
/// First run without a configured admin: from the server's own machine (not through a proxy), with the one-time
/// token AI-Logger printed on its console, while no user exists.
/// </summary>
public partial class Setup
{
    private enum SetupState { Open, Done, NotLocal }

    /// <summary>Headers a reverse proxy adds: a request that carries one came through a proxy, whatever its socket says.</summary>
    private static readonly string[] ForwardingHeaders = ["X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "Forwarded", "X-Real-IP", "X-Original-For"];

    private SetupState _state;
    private List<string> _errors = [];

    [Inject] private IUserDirectory Users { get; set; } = default!;
    [Inject] private SignInManager<AiLoggerUser> SignIn { get; set; } = default!;
    [Inject] private SetupToken Token { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private ILogger<Setup> Logger { get; set; } = default!;

    [CascadingParameter] private HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromForm] private SetupInput Input { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "token")] private string? TokenFromLink { get; set; }

    protected override async Task OnInitializedAsync()
    {
        Input ??= new() { Token = TokenFromLink ?? string.Empty };
        _state = await Users.AnyAsync(HttpContext.RequestAborted) ? SetupState.Done
            : !IsLocal(HttpContext) ? SetupState.NotLocal
            : SetupState.Open;
        if (_state == SetupState.NotLocal)
            Logger.LogWarning("Refused /setup from {Remote}: only the server's own machine, not through a proxy, may create the first admin",
                HttpContext.Connection.RemoteIpAddress);
    }

    internal static bool IsLocal(HttpContext http) =>
        http.Connection.RemoteIpAddress is { } remote && System.Net.IPAddress.IsLoopback(remote)
        && !ForwardingHeaders.Any(http.Request.Headers.ContainsKey);

    private async Task CreateAsync()
    {
        if (_state != SetupState.Open) return;
        if (!Token.Matches(Input.Token))
        {
            Logger.LogWarning("Refused /setup from {Remote}: wrong setup token", HttpContext.Connection.RemoteIpAddress);
            _errors = ["The setup token is not right. Copy it from AI-Logger's console: the line that says \"open …/setup?token=…\" (it works once)."];
            return;
        }
        var result = await Users.CreateFirstAdminAsync(Input.Email, Input.Password, HttpContext.RequestAborted);
        if (!result.Succeeded)
        {
            _errors = result.Errors.SelectMany(e => e.Value).ToList();
            if (result.Errors.ContainsKey("setup")) _state = SetupState.Done;
            return;
        }
        Token.Use();
        Logger.LogWarning("First admin {Email} created through /setup", Input.Email);
        await SignIn.PasswordSignInAsync(Input.Email.Trim(), Input.Password, isPersistent: false, lockoutOnFailure: false);
        Navigation.NavigateTo("/", forceLoad: true);
    }

    private sealed class SetupInput
    {
        [Required(ErrorMessage = "Paste the setup token from AI-Logger's console.")]
        public string Token { get; set; } = string.Empty;

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
