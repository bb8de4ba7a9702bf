using AiLogger.Domain.Logs;

namespace AiLogger.Tests.Domain;

public sealed class LogLevelsTests
{
    [Theory]
    [InlineData("trace", LogLevel.Verbose)]
    [InlineData("VRB", LogLevel.Verbose)]
    [InlineData("dbg", LogLevel.Debug)]
    [InlineData("Info", LogLevel.Information)]
    [InlineData("notice", LogLevel.Information)]
    [InlineData("WARN", LogLevel.Warning)]
    [InlineData("eror", LogLevel.Error)]
    [InlineData("critical", LogLevel.Fatal)]
    [InlineData("emerg", LogLevel.Fatal)]
    [InlineData("panic", LogLevel.Fatal)]
    [InlineData("4", LogLevel.Error)]
    public void Every_common_alias_is_understood(string text, LogLevel expected)
    {
        Assert.True(LogLevels.TryParse(text, out var level));
        Assert.Equal(expected, level);
    }

    [Theory]
    [InlineData("Warning!", LogLevel.Warning)]
    [InlineData("informational", LogLevel.Information)]
    [InlineData("errors", LogLevel.Error)]
    public void Fuzzy_names_map_to_the_nearest_level(string text, LogLevel expected)
    {
        Assert.True(LogLevels.TryParseFuzzy(text, out var level));
        Assert.Equal(expected, level);
    }

    [Theory]
    [InlineData("banana")]
    [InlineData("x")]
    [InlineData("")]
    public void Unknown_names_are_refused(string text) => Assert.False(LogLevels.TryParseFuzzy(text, out _));

    [Theory]
    [InlineData(1, LogLevel.Verbose)]
    [InlineData(9, LogLevel.Information)]
    [InlineData(13, LogLevel.Warning)]
    [InlineData(17, LogLevel.Error)]
    [InlineData(24, LogLevel.Fatal)]
    public void Otlp_severity_numbers_map_to_levels(int severity, LogLevel expected)
    {
        Assert.True(LogLevels.TryFromOtlpSeverity(severity, out var level));
        Assert.Equal(expected, level);
    }
}
