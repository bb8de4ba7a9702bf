namespace AiLogger.Infrastructure.Alerts;

/// <summary>The rule a notification is about: <c>{"id": 3, "name": "…"}</c>.</summary>
internal sealed record AlertMessageRule(long Id, string Name);
