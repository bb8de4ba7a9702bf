using AiLogger.Tests.Support;

namespace AiLogger.Tests.Alerts;

/// <summary>The real app with alerting tuned for tests (evaluated on demand, quick retries), plus a webhook receiver and an SMTP server on loopback.</summary>
public sealed class AlertAppFixture : AppFixture
{
    public const string PublicUrl = "http://ailogger.test:5000";

    public WebhookReceiver Receiver { get; private set; } = default!;

    public FakeSmtpServer Smtp { get; } = new();

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            // Evaluations run when a test asks for one.
            settings["AiLogger:Alerts:Schedule"] = "0 0 1 1 *";
            settings["AiLogger:Alerts:PublicUrl"] = PublicUrl;
            settings["AiLogger:Alerts:RetryDelays"] = "300ms, 600ms";
            settings["AiLogger:Alerts:DeliveryPollInterval"] = "00:00:00.2";
            settings["AiLogger:Alerts:DeliveryTimeout"] = "00:00:05";
            // The webhook receiver and the SMTP server of the tests listen on loopback, which channels may not reach by default.
            settings["AiLogger:Alerts:AllowedHosts"] = "127.0.0.1, ::1";
            return settings;
        }
    }

    public override async Task InitializeAsync()
    {
        Receiver = await WebhookReceiver.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Receiver.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}
