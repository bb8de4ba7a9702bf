using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using AiLogger.Domain.Alerts;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace AiLogger.Infrastructure.Alerts;

/// <summary>E-mail over SMTP with MailKit: a plain-text message with the measure, the condition, samples and the link.</summary>
internal sealed class EmailNotifier(IOptions<AlertOptions> options, ChannelHostPolicy hosts) : IAlertNotifier
{
    public string Kind => AlertChannelKinds.Email;

    public async Task<AlertDeliveryResult> SendAsync(AlertChannelEntity channel, AlertMessage message, string body, long? deliveryId, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var mail = new MimeMessage();
        mail.From.Add(MailboxAddress.Parse(channel.From!));
        foreach (var to in AlertMapping.SplitAddresses(channel.To)) mail.To.Add(MailboxAddress.Parse(to));
        mail.Subject = "[AI-Logger] " + message.Title;
        mail.Headers.Add("X-AiLogger-Event", message.State);
        mail.Body = new TextPart("plain") { Text = Text(message) };

        var security = EmailSecurity.Normalize(channel.SmtpSecurity) ?? EmailSecurity.Auto;
        var port = channel.SmtpPort ?? (security == EmailSecurity.Tls ? 465 : security == EmailSecurity.None ? 25 : 587);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Value.DeliveryTimeout);
        using var client = new SmtpClient { Timeout = (int)options.Value.DeliveryTimeout.TotalMilliseconds };
        try
        {
            // The socket goes only where the host policy allows; MailKit speaks SMTP (and TLS, with the host's name) over it.
            var socket = await hosts.ConnectAsync(channel.SmtpHost!, port, deadline.Token);
            await client.ConnectAsync(socket, channel.SmtpHost!, port, security switch
            {
                EmailSecurity.None => SecureSocketOptions.None,
                EmailSecurity.StartTls => SecureSocketOptions.StartTls,
                EmailSecurity.Tls => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.StartTlsWhenAvailable,
            }, deadline.Token);
            if (!string.IsNullOrEmpty(channel.SmtpUser))
                await client.AuthenticateAsync(channel.SmtpUser, channel.SmtpPassword ?? string.Empty, deadline.Token);
            await client.SendAsync(mail, deadline.Token);
            await client.DisconnectAsync(quit: true, deadline.Token);
            return AlertDeliveryResult.Delivered(clock.Elapsed);
        }
        catch (ChannelHostRefusedException refused)
        {
            return AlertDeliveryResult.Failed($"Not sent: {refused.Message}.", clock.Elapsed);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return AlertDeliveryResult.Failed($"The SMTP server {channel.SmtpHost}:{port} did not answer within {options.Value.DeliveryTimeout.TotalSeconds:0.#} s.", clock.Elapsed);
        }
        catch (Exception error) when (error is SmtpCommandException or SmtpProtocolException or AuthenticationException or SslHandshakeException
                                          or SocketException or IOException or ServiceNotConnectedException or ServiceNotAuthenticatedException)
        {
            var reason = error is SmtpCommandException command ? $"{(int)command.StatusCode} {command.Message}" : error.Message;
            return AlertDeliveryResult.Failed($"SMTP {channel.SmtpHost}:{port}: {reason}", clock.Elapsed);
        }
    }

    public static string Text(AlertMessage message)
    {
        var text = new StringBuilder()
            .AppendLine(message.Title)
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Severity:  {message.Severity}")
            .AppendLine(CultureInfo.InvariantCulture, $"State:     {message.State}")
            .AppendLine(CultureInfo.InvariantCulture, $"Measure:   {message.Measure}")
            .AppendLine(CultureInfo.InvariantCulture, $"Condition: {message.Condition}")
            .AppendLine(CultureInfo.InvariantCulture, $"Started:   {message.StartedAt:u}");
        if (message.ResolvedAt is { } resolved) text.AppendLine(CultureInfo.InvariantCulture, $"Resolved:  {resolved:u}");
        if (message.Samples.Count > 0)
        {
            text.AppendLine().AppendLine("Sample events:");
            foreach (var sample in message.Samples)
                text.AppendLine(CultureInfo.InvariantCulture, $"  {sample.Timestamp:u} [{sample.Level}] {sample.Source}: {sample.Message}");
        }
        return text.AppendLine().AppendLine(message.Link).ToString();
    }
}
