using AiLogger.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace AiLogger.Web.Api;

/// <summary>
/// The API's description: an OpenAPI document of every route (<c>/openapi/v1.json</c>) with its authentication and
/// error shapes, and a browsable reference (<c>/api/docs</c>, Scalar, served from AI-Logger itself), both for anyone
/// signed in or holding a key.
/// </summary>
public static class ApiDocumentation
{
    public const string DocumentRoute = "/openapi/{documentName}.json";
    public const string ReferenceRoute = Routes.ApiDocs;
    private const string ApiKeyScheme = "ApiKey";
    private const string BearerScheme = "Bearer";
    private const string CookieScheme = "SignInCookie";

    /// <summary>The error body of Seq's routes (<c>/api/events/raw</c>, <c>/ingest/clef</c>), as Seq's clients read it.</summary>
    public sealed record SeqError(string Error);

    public static IServiceCollection AddAiLoggerApiDocumentation(this IServiceCollection services)
    {
        services.AddOpenApi("v1", options =>
        {
            // Only routes a program calls: pages, the Blazor circuit and the job dashboard are not part of the API.
            options.ShouldInclude = description => description.RelativePath is { } path
                && (Routes.IsApiRoute("/" + path) || path.StartsWith("healthz", StringComparison.Ordinal) || path.StartsWith("metrics", StringComparison.Ordinal));
            options.AddDocumentTransformer(async (document, context, cancellationToken) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "AI-Logger API",
                    Version = "v1",
                    Description = "Logs, live tail, models, alerts, imports, storage and keys. Send an API key in X-API-Key (or Authorization: Bearer); " +
                                  "a signed-in browser session works too, for the roles its pages allow. Errors are RFC 7807 problem details, " +
                                  "but on Seq's routes, which answer {\"Error\": \"…\"}. See docs/api.md.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "X-API-Key",
                    Description = "An API key (Settings → API keys) with the scope the route needs: ingest, read or admin. X-Seq-ApiKey and ?apiKey= work too.",
                };
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http, Scheme = "bearer", Description = "The same API key as a bearer token.",
                };
                document.Components.SecuritySchemes[CookieScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Cookie, Name = AiLoggerApp.AuthCookie,
                    Description = "The browser's sign-in session; changes also need the X-AiLogger-Request header and a JSON body.",
                };
                document.AddComponent(nameof(ProblemDetails), await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, cancellationToken));
                document.AddComponent(nameof(SeqError), await context.GetOrCreateSchemaAsync(typeof(SeqError), null, cancellationToken));
            });
            options.AddOperationTransformer(async (operation, context, cancellationToken) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                if (metadata.OfType<DocumentedBody>().LastOrDefault() is { } body && operation.RequestBody is null)
                {
                    var schema = await context.GetOrCreateSchemaAsync(body.Type, null, cancellationToken);
                    operation.RequestBody = new OpenApiRequestBody
                    {
                        Required = true,
                        Content = body.ContentTypes.ToDictionary(type => type, _ => new OpenApiMediaType { Schema = schema }),
                    };
                }
                var policy = metadata.OfType<IAuthorizeData>().LastOrDefault(a => a.Policy is not null)?.Policy;
                var open = metadata.OfType<IAllowAnonymous>().Any();
                var path = "/" + context.Description.RelativePath;
                var error = Routes.IsSeqRoute(path) ? nameof(SeqError) : nameof(ProblemDetails);
                operation.Responses ??= new OpenApiResponses();
                if (!open)
                {
                    operation.Security ??= [];
                    foreach (var scheme in new[] { ApiKeyScheme, BearerScheme, CookieScheme })
                        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, context.Document)] = [] });
                    operation.Description = (operation.Description is { Length: > 0 } d ? d + "\n\n" : "") + Access(policy);
                    Add(operation, "401", "No key or sign-in, or an unknown key.", error, context.Document);
                    Add(operation, "403", "The key lacks the scope, or the role does not allow the route.", error, context.Document);
                    Add(operation, "429", "Too many requests for this key; retry after Retry-After.", error, context.Document);
                }
                Add(operation, "400", "The request is not valid: the message names the parameter or field.", error, context.Document);
                Add(operation, "503", "Busy (retry after Retry-After) or the query was too expensive.", error, context.Document);
            });
        });
        return services;
    }

    private static string Access(string? policy) => policy switch
    {
        Policies.ApiIngest => "**Access**: an API key with the `ingest` scope.",
        Policies.ApiRead => "**Access**: an API key with the `read` scope, or a signed-in Operator, Analyst or Admin.",
        Policies.ApiReadAnalytics => "**Access**: an API key with the `read` scope, or a signed-in Analyst or Admin.",
        Policies.ApiAdmin => "**Access**: an API key with the `admin` scope, or a signed-in Admin.",
        _ => "**Access**: any signed-in user.",
    };

    private static void Add(OpenApiOperation operation, string status, string description, string schema, OpenApiDocument? document)
    {
        if (operation.Responses!.ContainsKey(status)) return;
        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [schema == nameof(SeqError) ? "application/json" : "application/problem+json"] = new() { Schema = new OpenApiSchemaReference(schema, document) },
            },
        };
    }

    public static IEndpointRouteBuilder MapAiLoggerApiDocumentation(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi(DocumentRoute).RequireAuthorization(Policies.ApiDocs);
        app.MapScalarApiReference(ReferenceRoute, options => options
                .WithTitle("AI-Logger API")
                .WithOpenApiRoutePattern(DocumentRoute)
                .AddDocument("v1")
                .DisableDefaultFonts()
                .DisableTelemetry()
                // Nothing that needs Scalar's cloud (AI-Logger runs where that is often unreachable).
                .HideDeveloperTools()
                .DisableAgent()
                .DisableMcp()
                .SortTagsAlphabetically()
                .AddPreferredSecuritySchemes(ApiKeyScheme)
                // Its inline start-up script gets a nonce, which SecurityHeaders adds to the page's CSP.
                .WithNonce())
            .RequireAuthorization(Policies.ApiDocs);
        return app;
    }
}
