namespace AiLogger.Infrastructure.ModelMonitoring;

/// <summary>A record read, or why it could not be (with its id when that much was readable).</summary>
internal readonly record struct Outcome<T>(T? Value, string? Id, string? Error)
{
    public static Outcome<T> Ok(T value) => new(value, null, null);

    public static Outcome<T> Fail(string? id, string error) => new(default, id, error);
}
