namespace AiLogger.Tests.EndToEnd;

/// <summary>Browser tests run one class at a time: two cores cannot drive several Chromiums and servers at once without timeouts.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection
{
    public const string Name = "Browser";
}
