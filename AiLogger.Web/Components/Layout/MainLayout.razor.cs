using Microsoft.JSInterop;
using MudBlazor;

namespace AiLogger.Web.Components.Layout;

public partial class MainLayout : IAsyncDisposable
{
    private const string ThemeKey = "ailogger-theme";

    private readonly MudTheme _theme = AiLoggerTheme.Create();
    private MudThemeProvider? _themeProvider;
    private IJSObjectReference? _module;
    private bool _drawerOpen = true;
    private bool _isDarkMode;

    /// <summary>True once the circuit runs: clicks before that land on prerendered HTML (tests wait for it).</summary>
    private bool _interactive;

    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private BrowserTime Time { get; set; } = default!;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender) return;
        _module = await JS.InvokeAsync<IJSObjectReference>("import", "./js/preferences.js");
        var stored = await _module.InvokeAsync<string?>("get", ThemeKey);
        _isDarkMode = stored is null ? await _themeProvider!.GetSystemDarkModeAsync() : stored == "dark";
        await Time.InitializeAsync(_module);
        _interactive = true;
        StateHasChanged();
    }

    private async Task ToggleThemeAsync()
    {
        _isDarkMode = !_isDarkMode;
        if (_module is not null) await _module.InvokeVoidAsync("set", ThemeKey, _isDarkMode ? "dark" : "light");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_module is not null) await _module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone; nothing to release in the browser.
        }
    }
}
