namespace AiLogger.Domain.TestResults;

/// <summary>A CI run's metadata as pushed with its reports.</summary>
public sealed record TestRunMetadata
{
    public required string Project { get; init; }

    public string? Branch { get; init; }

    public string? Commit { get; init; }

    public string? BuildUrl { get; init; }

    public string? BuildId { get; init; }

    public string? Environment { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// One run on its way to the writer: metadata, every file's cases merged, coverage, and the hash of its files
/// (with the project and build id, what makes a run pushed twice the same run).
/// </summary>
public sealed record TestRunDraft(TestRunMetadata Metadata, IReadOnlyList<TestCaseResult> Cases, CoverageReport? Coverage, string ReportHash)
{
    public required DateTimeOffset StartedAt { get; init; }

    public required double DurationMs { get; init; }

    public IReadOnlyList<string> Files { get; init; } = [];

    public TestRunTotals Totals => TestRunTotals.Of(Cases, DurationMs);
}

/// <summary>A run's counts. A flaky case also counts under its final outcome (passed).</summary>
public sealed record TestRunTotals(int Tests, int Passed, int Failed, int Errors, int Skipped, int Flaky, double DurationMs)
{
    public static TestRunTotals Of(IReadOnlyList<TestCaseResult> cases, double durationMs)
    {
        int passed = 0, failed = 0, errors = 0, skipped = 0, flaky = 0;
        foreach (var c in cases)
        {
            switch (c.Outcome)
            {
                case TestOutcome.Passed: passed++; break;
                case TestOutcome.Failed: failed++; break;
                case TestOutcome.Error: errors++; break;
                default: skipped++; break;
            }
            if (c.Flaky) flaky++;
        }
        return new TestRunTotals(cases.Count, passed, failed, errors, skipped, flaky, durationMs);
    }

    /// <summary>Passed of the cases that ran (skips left out), optionally without the flaky ones; null when none ran.</summary>
    public double? PassRate(int excludedFlaky = 0)
    {
        var ran = Passed + Failed + Errors - excludedFlaky;
        return ran <= 0 ? null : (double)(Passed - excludedFlaky) / ran;
    }
}

/// <summary>What the writer answers for a run: its id, and whether the same reports were already stored as it.</summary>
public sealed record StoredTestRun(long RunId, bool Duplicate);
