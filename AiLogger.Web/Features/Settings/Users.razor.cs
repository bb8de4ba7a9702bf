using System.Security.Claims;
using AiLogger.Domain.Security;
using AiLogger.Web.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace AiLogger.Web.Features.Settings;

public partial class Users
{
    private sealed record Message(Severity Severity, string Text);

    private IReadOnlyList<UserAccount>? _users;
    private Message? _message;
    private string? _currentUserId;

    [Inject] private IUserDirectory Directory { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> Authentication { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _currentUserId = (await Authentication).User.FindFirstValue(ClaimTypes.NameIdentifier);
        await LoadAsync();
    }

    private async Task LoadAsync() => _users = await Directory.ListAsync(CancellationToken.None);

    private async Task AddAsync()
    {
        var dialog = await Dialogs.ShowAsync<AddUserDialog>("Add user", new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is not { Canceled: false, Data: UserResult created }) return;
        await LoadAsync();
        if (created.GeneratedPassword is { } password)
            await ShowPasswordAsync(created.User!, password, "created");
        else
            _message = new Message(Severity.Success, $"{created.User!.Email} can now sign in as {created.User.Role}.");
    }

    private async Task ChangeRoleAsync(UserAccount user, string role)
    {
        if (role == user.Role) return;
        Apply(await Directory.ChangeRoleAsync(user.Id, role, CancellationToken.None), $"{user.Email} is now {role}.");
        await LoadAsync();
    }

    private async Task ResetPasswordAsync(UserAccount user)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Reset the password?",
            $"{user.Email} gets a new password that you pass on; the old one stops working and open sessions end.",
            yesText: "Reset", cancelText: "Cancel");
        if (confirmed != true) return;
        var result = await Directory.ResetPasswordAsync(user.Id, CancellationToken.None);
        if (Apply(result, null)) await ShowPasswordAsync(user, result.GeneratedPassword!, "reset");
        await LoadAsync();
    }

    private async Task SetDisabledAsync(UserAccount user, bool disabled)
    {
        if (disabled)
        {
            var confirmed = await Dialogs.ShowMessageBoxAsync("Disable this user?",
                $"{user.Email} is signed out and cannot sign in until enabled again.", yesText: "Disable", cancelText: "Cancel");
            if (confirmed != true) return;
        }
        Apply(await Directory.SetDisabledAsync(user.Id, disabled, CancellationToken.None), $"{user.Email} is {(disabled ? "disabled" : "enabled again")}.");
        await LoadAsync();
    }

    private bool Apply(UserResult result, string? success)
    {
        _message = result.Succeeded
            ? success is null ? null : new Message(Severity.Success, success)
            : new Message(Severity.Error, string.Join(" ", result.Errors.SelectMany(e => e.Value)));
        return result.Succeeded;
    }

    private Task ShowPasswordAsync(UserAccount user, string password, string what) =>
        Dialogs.ShowAsync<SecretDialog>("Password", new DialogParameters<SecretDialog>
        {
            { d => d.Title, $"Password {what} for {user.Email}" },
            { d => d.Label, "Password" },
            { d => d.Secret, password },
            { d => d.Hint, "Pass it on in person or another safe channel; they sign in at /login with it." },
        }, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, BackdropClick = false });
}
