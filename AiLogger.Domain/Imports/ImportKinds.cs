namespace AiLogger.Domain.Imports;

public static class ImportKinds
{
    /// <summary>A one-off file sent through the API or the UI.</summary>
    public const string Upload = "upload";

    /// <summary>A file found in a watched folder; one record per file, followed as it grows.</summary>
    public const string Watched = "watched";
}
