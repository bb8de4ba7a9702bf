using Microsoft.AspNetCore.Components.Routing;

namespace AiLogger.Web.Components.Layout;

/// <summary>One entry of the navigation, shown only to users the <see cref="Policy"/> admits.</summary>
public sealed record NavigationItem(string Title, string Href, string Icon, string Policy, string? Group = null)
{
    public NavLinkMatch Match { get; init; } = NavLinkMatch.Prefix;

    /// <summary>Pages outside the Blazor app (the Hangfire dashboard) open in a new tab.</summary>
    public bool External { get; init; }
}
