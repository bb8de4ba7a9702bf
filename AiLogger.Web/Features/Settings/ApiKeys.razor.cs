using AiLogger.Domain.Security;
using AiLogger.Web.Components;
using MudBlazor;

namespace AiLogger.Web.Features.Settings;

public partial class ApiKeys
{
    private IReadOnlyList<ApiKey>? _keys;
    private string? _error;

    [Inject] private IApiKeyStore Store { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        // Active keys first, newest first.
        _keys = (await Store.ListAsync(CancellationToken.None)).OrderBy(k => k.IsRevoked).ThenByDescending(k => k.CreatedAt).ToList();
    }

    private async Task CreateAsync()
    {
        var dialog = await Dialogs.ShowAsync<CreateApiKeyDialog>("Create API key", new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is not { Canceled: false, Data: CreatedApiKey created }) return;
        await LoadAsync();
        await Dialogs.ShowAsync<SecretDialog>("API key created", new DialogParameters<SecretDialog>
        {
            { d => d.Title, $"Key \"{created.Key.Name}\" created" },
            { d => d.Label, "API key" },
            { d => d.Secret, created.Secret },
            { d => d.Hint, "Send it in the X-API-Key header, or pass it as apiKey to Serilog's WriteTo.Seq." },
        }, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, BackdropClick = false });
    }

    private async Task RevokeAsync(ApiKey key)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Revoke this key?",
            $"\"{key.Name}\" ({key.Prefix}…) stops working at once; applications using it get 401 until they get a new key.",
            yesText: "Revoke", cancelText: "Cancel");
        if (confirmed != true) return;
        try
        {
            await Store.RevokeAsync(key.Id, CancellationToken.None);
            Snackbar.Add($"Key \"{key.Name}\" revoked.", Severity.Success);
            await LoadAsync();
        }
        catch (Exception error)
        {
            _error = $"The key could not be revoked: {error.Message}";
        }
    }
}
