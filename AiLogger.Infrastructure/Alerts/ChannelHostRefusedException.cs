namespace AiLogger.Infrastructure.Alerts;

/// <summary>A channel's host that <see cref="ChannelHostPolicy"/> does not let AI-Logger reach.</summary>
public sealed class ChannelHostRefusedException(string reason) : System.Net.Http.HttpRequestException(reason);
