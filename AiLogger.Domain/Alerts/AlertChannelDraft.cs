using System.Net.Mail;

namespace AiLogger.Domain.Alerts;

/// <summary>A channel as an admin fills it in. On update, a null <see cref="Secret"/> or <see cref="SmtpPassword"/> keeps the stored one and "" clears it.</summary>
public sealed record AlertChannelDraft
{
    public const int MaxNameLength = 200;
    public const int MaxRecipients = 50;

    public string? Name { get; init; }

    public string? Kind { get; init; }

    public bool Enabled { get; init; } = true;

    public string? Url { get; init; }

    public string? Secret { get; init; }

    public string? SmtpHost { get; init; }

    public int? SmtpPort { get; init; }

    public string? SmtpSecurity { get; init; }

    public string? SmtpUser { get; init; }

    public string? SmtpPassword { get; init; }

    public string? From { get; init; }

    public IReadOnlyList<string> To { get; init; } = [];

    /// <summary>The draft of an existing channel, secrets left as they are.</summary>
    public static AlertChannelDraft Of(AlertChannel channel) => new()
    {
        Name = channel.Name,
        Kind = channel.Kind,
        Enabled = channel.Enabled,
        Url = channel.Url,
        SmtpHost = channel.SmtpHost,
        SmtpPort = channel.SmtpPort,
        SmtpSecurity = channel.SmtpSecurity,
        SmtpUser = channel.SmtpUser,
        From = channel.From,
        To = channel.To,
    };

    /// <summary>Field → what is wrong with it; empty when the channel can be saved.</summary>
    public IReadOnlyDictionary<string, string> Validate()
    {
        var errors = new Dictionary<string, string>();
        var name = Name?.Trim() ?? string.Empty;
        if (name.Length == 0) errors["name"] = "A channel needs a name.";
        else if (name.Length > MaxNameLength) errors["name"] = $"The name is longer than {MaxNameLength} characters.";
        var kind = AlertChannelKinds.Normalize(Kind);
        if (kind is null)
        {
            errors["kind"] = string.IsNullOrWhiteSpace(Kind)
                ? "A channel needs a kind: webhook, slack or email."
                : $"'{Kind}' is not a kind of channel; use webhook, slack or email.";
            return errors;
        }
        if (kind is AlertChannelKinds.Webhook or AlertChannelKinds.Slack)
        {
            if (string.IsNullOrWhiteSpace(Url)) errors["url"] = $"A {kind} channel needs the URL to POST to.";
            else if (!Uri.TryCreate(Url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                errors["url"] = $"'{Url}' is not an absolute http or https URL.";
            if (kind == AlertChannelKinds.Slack && !string.IsNullOrEmpty(Secret)) errors["secret"] = "Slack webhooks are not signed; leave the secret empty.";
        }
        else
        {
            if (string.IsNullOrWhiteSpace(SmtpHost)) errors["smtpHost"] = "An email channel needs the SMTP server's host name.";
            else if (Uri.CheckHostName(SmtpHost.Trim()) == UriHostNameType.Unknown) errors["smtpHost"] = $"'{SmtpHost}' is not a host name.";
            if (SmtpPort is { } port && port is < 1 or > 65535) errors["smtpPort"] = "The SMTP port is between 1 and 65535.";
            if (SmtpSecurity is not null && EmailSecurity.Normalize(SmtpSecurity) is null)
                errors["smtpSecurity"] = $"'{SmtpSecurity}' is not a security mode; use {string.Join(", ", EmailSecurity.All)}.";
            if (string.IsNullOrWhiteSpace(From)) errors["from"] = "An email channel needs a sender address.";
            else if (!IsAddress(From)) errors["from"] = $"'{From}' is not an e-mail address.";
            var to = To.Where(t => !string.IsNullOrWhiteSpace(t)).ToList();
            if (to.Count == 0) errors["to"] = "An email channel needs at least one recipient.";
            else if (to.Count > MaxRecipients) errors["to"] = $"At most {MaxRecipients} recipients.";
            else if (to.FirstOrDefault(t => !IsAddress(t)) is { } bad) errors["to"] = $"'{bad}' is not an e-mail address.";
            if (!string.IsNullOrEmpty(Url)) errors["url"] = "An email channel has no URL.";
        }
        return errors;
    }

    private static bool IsAddress(string text) => MailAddress.TryCreate(text.Trim(), out var address) && address.Address == text.Trim();
}
