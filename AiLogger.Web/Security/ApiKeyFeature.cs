using AiLogger.Domain.Ingest;
using AiLogger.Domain.Security;

namespace AiLogger.Web.Security;

/// <summary>The key that authenticated the request, for endpoints that apply its settings.</summary>
public sealed record ApiKeyFeature(ApiKey Key)
{
    public IngestContext ToIngestContext() => new()
    {
        ApiKeyId = Key.Id,
        MinimumLevel = Key.MinimumLevel,
        AppliedProperties = Key.AppliedProperties,
    };
}
