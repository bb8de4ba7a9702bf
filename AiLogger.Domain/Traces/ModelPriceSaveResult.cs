namespace AiLogger.Domain.Traces;

/// <summary>The saved entry (with its id), or field → what is wrong.</summary>
public sealed record ModelPriceSaveResult(ModelPrice? Saved, IReadOnlyDictionary<string, string> Errors)
{
    public bool Succeeded => Saved is not null;
}
