
namespace AiLogger.Web.Components;

/// <summary>One colour per level, the same in lists, chips and charts.</summary>
public static class LevelColors
{
    public static string Of(LogLevel level) => level switch
    {
        LogLevel.Verbose => "#9e9e9e",
        LogLevel.Debug => "#78909c",
        LogLevel.Information => "#42a5f5",
        LogLevel.Warning => "#ffb300",
        LogLevel.Error => "#e53935",
        LogLevel.Fatal => "#8e24aa",
        _ => "#9e9e9e",
    };
}
