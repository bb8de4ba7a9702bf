namespace AiLogger.Domain.Logs;

/// <summary>Severity of a log event, stored as 0–5.</summary>
public enum LogLevel
{
    Verbose = 0,
    Debug = 1,
    Information = 2,
    Warning = 3,
    Error = 4,
    Fatal = 5,
}
