namespace AiLogger.Tests.Alerts;

/// <summary>One message the fake SMTP server accepted: envelope sender, recipients, and the DATA as sent.</summary>
public sealed record SmtpMessage(string From, IReadOnlyList<string> To, string Data);
