namespace AiLogger.Domain.Traces;

/// <summary>A document a retriever returned (OpenInference <c>retrieval.documents.N.document.*</c>).</summary>
public sealed record LlmDocument(string? Id, string? Content, double? Score)
{
    /// <summary>The document's metadata as sent (usually JSON).</summary>
    public string? Metadata { get; init; }
}
