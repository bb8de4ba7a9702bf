namespace AiLogger.Infrastructure.Imports;

/// <summary>Row of <c>import_sources</c>: a watched folder added in the UI.</summary>
internal sealed class ImportSourceEntity
{
    public long Id { get; set; }

    public required string Name { get; set; }

    public required string Path { get; set; }

    public required string Pattern { get; set; }

    public required string Format { get; set; }

    public string? EventSource { get; set; }

    public string? TimeZone { get; set; }

    public string? Regex { get; set; }

    public bool Enabled { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }
}
