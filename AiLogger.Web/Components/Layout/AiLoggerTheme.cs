using MudBlazor;

namespace AiLogger.Web.Components.Layout;

/// <summary>AI-Logger's colours, light and dark.</summary>
public static class AiLoggerTheme
{
    /// <summary>The colour of cards (charts paint empty cells with it).</summary>
    public const string LightSurface = "#ffffff", DarkSurface = "#1c1f2e";

    public static MudTheme Create() => new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3f51b5",
            Secondary = "#00897b",
            AppbarBackground = "#283593",
            Background = "#f5f6fa",
            DrawerBackground = "#ffffff",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#7986cb",
            Secondary = "#4db6ac",
            AppbarBackground = "#1a1d2e",
            Background = "#12141f",
            Surface = DarkSurface,
            DrawerBackground = "#161927",
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "6px" },
    };
}
