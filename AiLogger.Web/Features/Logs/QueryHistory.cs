using System.Text.Json;
using Microsoft.JSInterop;

namespace AiLogger.Web.Features.Logs;

/// <summary>A page's recent queries, newest first, kept in the browser's local storage under one key per query language.</summary>
public sealed class QueryHistory(IJSRuntime js, string key)
{
    public const int Length = 20;
    private IJSObjectReference? _preferences;

    public List<string> Items { get; private set; } = [];

    /// <summary>Reads the stored list (after the first render: it needs the browser); true when there was one.</summary>
    public async Task<bool> LoadAsync()
    {
        _preferences = await js.InvokeAsync<IJSObjectReference>("import", "./js/preferences.js");
        var stored = await _preferences.InvokeAsync<string?>("get", key);
        if (string.IsNullOrEmpty(stored)) return false;
        try { Items = JsonSerializer.Deserialize<List<string>>(stored) ?? []; }
        catch (JsonException) { Items = []; }
        return true;
    }

    public async Task RememberAsync(string text)
    {
        Items.Remove(text);
        Items.Insert(0, text);
        if (Items.Count > Length) Items.RemoveRange(Length, Items.Count - Length);
        if (_preferences is not null) await _preferences.InvokeVoidAsync("set", key, JsonSerializer.Serialize(Items));
    }

    public void Dispose() => _ = _preferences?.DisposeAsync().AsTask().ContinueWith(_ => { }, TaskScheduler.Default);
}
