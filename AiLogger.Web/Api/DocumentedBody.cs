namespace AiLogger.Web.Api;

/// <summary>
/// The request body a route reads by hand, for the API description only. (<c>Accepts&lt;T&gt;</c> would also make routing
/// refuse other content types, which the ingestion routes take on purpose.)
/// </summary>
public sealed record DocumentedBody(Type Type, IReadOnlyList<string> ContentTypes);

public static class DocumentedBodyExtensions
{
    public static RouteHandlerBuilder DocumentsBody<T>(this RouteHandlerBuilder builder, params string[] contentTypes) =>
        builder.WithMetadata(new DocumentedBody(typeof(T), contentTypes.Length > 0 ? contentTypes : ["application/json"]));
}
