using Microsoft.JSInterop;

namespace AiLogger.Web.Components;

/// <summary>Copies text in the user's browser; false when the browser refuses (the clipboard API needs https or localhost).</summary>
public sealed class Clipboard(IJSRuntime js) : IAsyncDisposable
{
    private IJSObjectReference? _module;

    public async Task<bool> CopyAsync(string text)
    {
        _module ??= await js.InvokeAsync<IJSObjectReference>("import", "./js/clipboard.js");
        return await _module.InvokeAsync<bool>("copy", text);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_module is not null) await _module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The browser is gone.
        }
    }
}
