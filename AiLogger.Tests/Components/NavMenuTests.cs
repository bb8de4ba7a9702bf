using AiLogger.Domain.Security;
using AiLogger.Web.Components.Layout;
using AiLogger.Web.Security;
using AiLogger.Domain.Logs;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace AiLogger.Tests.Components;

/// <summary>The navigation shows each role what it may open, and nothing else.</summary>
public sealed class NavMenuTests : MudTestContext
{
    private IRenderedComponent<NavMenu> RenderFor(string role)
    {
        Services.AddSingleton<ISavedSearchStore>(new InMemorySavedSearches());
        var authorization = AddAuthorization();
        authorization.SetAuthorized($"{role.ToLowerInvariant()}@ailogger.test");
        authorization.SetRoles(role);
        // A role includes the ones below it, as the real policies say.
        authorization.SetPolicies(Roles.All.Where(policy => Roles.AtLeast(policy).Contains(role)).Select(r => "page:" + r).ToArray());
        return Render<NavMenu>();
    }

    private static IReadOnlyList<string> Links(IRenderedComponent<NavMenu> menu) =>
        menu.FindAll("a").Select(a => a.TextContent.Trim()).ToList();

    [Fact]
    public void Operator_sees_the_overview_but_no_settings()
    {
        var links = Links(RenderFor(Roles.Operator));

        Assert.Contains("Overview", links);
        Assert.Contains("Logs", links);
        Assert.Contains("Traces", links);
        Assert.DoesNotContain("Users", links);
        Assert.DoesNotContain("API keys", links);
        Assert.DoesNotContain("Background jobs", links);
    }

    [Fact]
    public void Analyst_sees_no_settings_either()
    {
        var menu = RenderFor(Roles.Analyst);

        Assert.Contains("Overview", Links(menu));
        Assert.DoesNotContain("Settings", menu.Markup);
    }

    [Fact]
    public void Admin_sees_every_settings_page()
    {
        var menu = RenderFor(Roles.Admin);
        var links = Links(menu);

        Assert.Equal(["Overview", "Logs", "Live", "Traces", "System", "Metrics", "LLM usage", "Models", "Tests", "Alerts", "Alert rules", "Users", "API keys", "Imports", "Storage", "Model prices", "Background jobs"], links);
        Assert.Equal("_blank", menu.Find("a[href='/hangfire']").GetAttribute("target"));
    }

    [Fact]
    public void Every_navigation_item_names_a_known_policy()
    {
        Assert.All(NavigationItems.All, item => Assert.Contains(item.Policy, new[] { Policies.Operator, Policies.Analyst, Policies.Admin }));
    }
}
