namespace AiLogger.Domain.Imports;

/// <summary>Where an import stands.</summary>
public static class ImportStatus
{
    /// <summary>An upload still arriving, or waiting for its settings.</summary>
    public const string Receiving = "receiving";

    /// <summary>Uploaded, waiting for a worker.</summary>
    public const string Queued = "queued";

    public const string Running = "running";

    /// <summary>An upload read to its end.</summary>
    public const string Completed = "completed";

    /// <summary>The file could not be read at all (unknown format, unreadable); the error says why.</summary>
    public const string Failed = "failed";

    /// <summary>A watched file read up to its last complete line, waiting for more.</summary>
    public const string Watching = "watching";
}
