namespace AiLogger.Domain.Logs.Query;

public enum HasTarget
{
    Exception,
    Trace,
    Property,
}
