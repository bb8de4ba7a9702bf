namespace AiLogger.Tests.Alerts;

/// <summary>One request the webhook receiver got, and whether it answered it with an error.</summary>
public sealed record ReceivedRequest(string Body, IReadOnlyDictionary<string, string> Headers, bool AnsweredWithError);
