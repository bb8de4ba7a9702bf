namespace AiLogger.Infrastructure.Logs;

/// <summary><c>AiLogger:Search</c>: tuning of keyword searches.</summary>
public sealed class SearchOptions
{
    public const string Section = "AiLogger:Search";

    /// <summary>
    /// A keyword in at most this many events is answered by reading all its matches; a more frequent one by
    /// walking id blocks newest first.
    /// </summary>
    public long RareWordDocuments { get; set; } = 5_000;

    /// <summary>
    /// How long one search, count or histogram may run before it is stopped with "the query was too expensive", so no
    /// single request (or alert rule) ties the database up.
    /// </summary>
    public TimeSpan QueryTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
