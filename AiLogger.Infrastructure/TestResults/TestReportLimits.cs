namespace AiLogger.Infrastructure.TestResults;

/// <summary>What a report may hold; text past a limit is cut with a marker, more cases than allowed refuse the run.</summary>
internal sealed record TestReportLimits(int MaxCases = 250_000, int MaxOutputChars = 64 * 1024, int MaxMessageChars = 16 * 1024)
{
    public static readonly TestReportLimits Default = new();
}
