namespace AiLogger.Infrastructure.Alerts;

/// <summary>The stores' "changed" events in one place, so whichever component changes rules, alerts or channels can raise them.</summary>
internal sealed class AlertChanges
{
    public event Action? Rules;

    public event Action? Alerts;

    public event Action? Channels;

    public void RaiseRules() => Rules?.Invoke();

    public void RaiseAlerts() => Alerts?.Invoke();

    public void RaiseChannels() => Channels?.Invoke();
}
