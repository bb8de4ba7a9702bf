using AiLogger.Tests.Support;

namespace AiLogger.Tests.Api;

/// <summary>DESIGN §8: a bad setting stops AI-Logger with one line that names it.</summary>
public sealed class StartupValidationTests
{
    [Theory]
    [InlineData("AiLogger__Retention__Days", "-3", "AiLogger:Retention:Days must be 0 (keep all) or more, not -3.")]
    [InlineData("AiLogger__Bootstrap__AdminEmail", "someone@ailogger.test", "AiLogger:Bootstrap:AdminEmail and AiLogger:Bootstrap:AdminPassword go together")]
    [InlineData("AiLogger__Ingest__DropFilters__0", "level:loud", "AiLogger:Ingest:DropFilters:0: Query error at character 7")]
    [InlineData("AiLogger__Models__DriftWindow", "00:10:00", "AiLogger:Models:DriftWindow must be between 1 hour and 366 days, not 00:10:00.")]
    [InlineData("AiLogger__Storage__Provider", "Oracle", "AiLogger:Storage:Provider must be Sqlite or Postgres, not 'Oracle'.")]
    [InlineData("AiLogger__Alerts__RetryDelays", "10s, soon", "AiLogger:Alerts:RetryDelays must be durations separated by commas")]
    [InlineData("AiLogger__Alerts__PublicUrl", "logs.example.com", "AiLogger:Alerts:PublicUrl must be an absolute http(s) URL")]
    public async Task Bad_setting_stops_start_up_with_one_line_naming_it(string variable, string value, string expected)
    {
        using var directory = new TempDirectory();

        var (exitCode, errors) = await ServerProcess.RunUntilExitAsync(directory.File("bad.db"), new Dictionary<string, string> { [variable] = value });

        Assert.Equal(1, exitCode);
        var line = Assert.Single(errors, l => l.StartsWith("AI-Logger cannot start:", StringComparison.Ordinal));
        Assert.Contains(expected, line);
    }
}
