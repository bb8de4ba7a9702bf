namespace AiLogger.Infrastructure.Imports;

/// <summary>Row of <c>import_errors</c>: one kept rejected line.</summary>
internal sealed class ImportErrorEntity
{
    public long Id { get; set; }

    public long ImportId { get; set; }

    public long LineNumber { get; set; }

    public required string Reason { get; set; }

    public required string Excerpt { get; set; }
}
