using AiLogger.Web.Api;
using AiLogger.Web.Security;
using Microsoft.AspNetCore.Components.Routing;
using MudBlazor;

namespace AiLogger.Web.Components.Layout;

/// <summary>Every page in the navigation and who may open it; add a page here when it exists.</summary>
public static class NavigationItems
{
    public const string SettingsGroup = "Settings";

    public static IReadOnlyList<NavigationItem> All { get; } =
    [
        new("Overview", Routes.Overview, Icons.Material.Filled.Dashboard, Policies.Operator) { Match = NavLinkMatch.All },
        new("Logs", Routes.LogsPage, Icons.Material.Filled.ManageSearch, Policies.Operator),
        new("Live", Routes.LivePage, Icons.Material.Filled.Sensors, Policies.Operator),
        new("Traces", Routes.TracesPage, Icons.Material.Filled.AccountTree, Policies.Operator),
        new("System", Routes.SystemPage, Icons.Material.Filled.Memory, Policies.Operator) { Match = NavLinkMatch.All },
        new("Metrics", Routes.MetricsPage, Icons.Material.Filled.ShowChart, Policies.Operator),
        new("LLM usage", Routes.LlmUsagePage, Icons.Material.Filled.Psychology, Policies.Analyst),
        new("Models", Routes.ModelsPage, Icons.Material.Filled.ModelTraining, Policies.Analyst),
        new("Tests", Routes.TestsPage, Icons.Material.Filled.Science, Policies.Analyst),
        new("Alerts", Routes.AlertsPage, Icons.Material.Filled.NotificationsActive, Policies.Operator),
        new("Alert rules", Routes.AlertRulesPage, Icons.Material.Filled.Rule, Policies.Admin, SettingsGroup),
        new("Users", Routes.UsersPage, Icons.Material.Filled.People, Policies.Admin, SettingsGroup),
        new("API keys", Routes.ApiKeysPage, Icons.Material.Filled.VpnKey, Policies.Admin, SettingsGroup),
        new("Imports", Routes.ImportsPage, Icons.Material.Filled.UploadFile, Policies.Admin, SettingsGroup),
        new("Storage", Routes.StoragePage, Icons.Material.Filled.Storage, Policies.Admin, SettingsGroup),
        new("Model prices", Routes.ModelPricesPage, Icons.Material.Filled.RequestQuote, Policies.Admin, SettingsGroup),
        new("Background jobs", Routes.Hangfire, Icons.Material.Filled.Schedule, Policies.Admin, SettingsGroup) { External = true },
    ];
}
