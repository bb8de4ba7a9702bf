using System.Globalization;
using Microsoft.JSInterop;

namespace AiLogger.Web.Components;

/// <summary>
/// Times as the user reads them (DESIGN §3): in the browser's time zone, or UTC when they switch to it. One per
/// circuit; the layout initialises it once the browser is connected.
/// </summary>
public sealed class BrowserTime(TimeProvider time)
{
    private const string UtcKey = "ailogger-utc";
    private TimeZoneInfo _zone = TimeZoneInfo.Utc;
    private IJSObjectReference? _preferences;

    public event Action? Changed;

    public bool ShowUtc { get; private set; }

    /// <summary>The zone times are shown in.</summary>
    public TimeZoneInfo Zone => ShowUtc ? TimeZoneInfo.Utc : _zone;

    public string ZoneName => ShowUtc || _zone == TimeZoneInfo.Utc ? "UTC" : _zone.Id;

    public async Task InitializeAsync(IJSObjectReference preferences)
    {
        _preferences = preferences;
        var id = await preferences.InvokeAsync<string>("timeZone");
        _zone = TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
        ShowUtc = await preferences.InvokeAsync<string?>("get", UtcKey) == "true";
        Changed?.Invoke();
    }

    public async Task SetUtcAsync(bool utc)
    {
        ShowUtc = utc;
        if (_preferences is not null) await _preferences.InvokeVoidAsync("set", UtcKey, utc ? "true" : "false");
        Changed?.Invoke();
    }

    public DateTime ToDisplay(DateTimeOffset value) => TimeZoneInfo.ConvertTime(value, Zone).DateTime;

    /// <summary>A time the user typed in the display zone, as UTC.</summary>
    public DateTimeOffset FromDisplay(DateTime local) =>
        new(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Zone), TimeSpan.Zero);

    /// <summary>Time of day with milliseconds; the date too when it is not today.</summary>
    public string Format(DateTimeOffset value)
    {
        var shown = ToDisplay(value);
        var today = ToDisplay(time.GetUtcNow()).Date;
        return shown.ToString(shown.Date == today ? "HH:mm:ss.fff" : "yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
    }

    public string FormatFull(DateTimeOffset value) =>
        ToDisplay(value).ToString("yyyy-MM-dd HH:mm:ss.fffffff", CultureInfo.InvariantCulture) + " " + ZoneName;

    public string Relative(DateTimeOffset value)
    {
        var ago = time.GetUtcNow() - value;
        return ago switch
        {
            { TotalSeconds: < 0 } => "in the future",
            { TotalSeconds: < 60 } => $"{(int)ago.TotalSeconds}s ago",
            { TotalMinutes: < 60 } => $"{(int)ago.TotalMinutes}m ago",
            { TotalHours: < 24 } => $"{(int)ago.TotalHours}h ago",
            _ => $"{(int)ago.TotalDays}d ago",
        };
    }
}
