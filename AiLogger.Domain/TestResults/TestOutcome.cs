namespace AiLogger.Domain.TestResults;

/// <summary>A test case's result in one run (stored 0–3). A flaky case is one of these plus <see cref="TestCaseResult.Flaky"/>.</summary>
public enum TestOutcome
{
    Passed = 0,
    Failed = 1,
    Error = 2,
    Skipped = 3,
}

public static class TestOutcomes
{
    public static bool IsFailure(this TestOutcome outcome) => outcome is TestOutcome.Failed or TestOutcome.Error;

    public static string Name(this TestOutcome outcome) => outcome switch
    {
        TestOutcome.Passed => "passed",
        TestOutcome.Failed => "failed",
        TestOutcome.Error => "error",
        _ => "skipped",
    };

    public static bool TryParse(string? text, out TestOutcome outcome)
    {
        outcome = text?.ToLowerInvariant() switch
        {
            "passed" or "pass" => TestOutcome.Passed,
            "failed" or "fail" => TestOutcome.Failed,
            "error" => TestOutcome.Error,
            "skipped" or "skip" => TestOutcome.Skipped,
            _ => (TestOutcome)(-1),
        };
        return (int)outcome >= 0;
    }
}
