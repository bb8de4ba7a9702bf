namespace AiLogger.Domain.TestResults;

/// <summary>One outcome of a case in its history, oldest first when in a list.</summary>
public sealed record TestHistoryEntry(long RunId, string? Commit, TestOutcome Outcome, bool FlakyInRun, DateTimeOffset StartedAt);

public enum FlakyReason
{
    /// <summary>Failed, then passed on a rerun within one run.</summary>
    Retry,

    /// <summary>Passed and failed on the same commit, in different runs.</summary>
    SameCommit,

    /// <summary>Flipped between pass and fail at least the threshold's times within the window.</summary>
    Flips,
}

/// <summary>A case's flaky verdict with its evidence: the runs that show it.</summary>
public sealed record FlakyVerdict(bool Flaky, FlakyReason? Reason, int Flips, IReadOnlyList<long> EvidenceRunIds, bool Cleared, string? Commit)
{
    public static readonly FlakyVerdict NotFlaky = new(false, null, 0, [], false, null);
}

/// <summary>The rules (defaults as the issue: 3 flips in 30 runs, cleared after 5 consecutive passes).</summary>
public sealed record FlakyRules(int FlipThreshold = 3, int Window = 30, int ClearAfterPasses = 5)
{
    public static readonly FlakyRules Default = new();
}

/// <summary>
/// Flakiness from the data itself, with the definition Buildkite, Trunk and Mergify use: a case that both passed
/// and failed on the same commit (across runs or by retries in one), or that flips often within a branch's recent
/// runs. Skips are neither. A verdict clears once the case's latest runs are all passes.
/// </summary>
public static class FlakyDetection
{
    /// <param name="history">The case's outcomes on one branch, oldest first.</param>
    public static FlakyVerdict Judge(IReadOnlyList<TestHistoryEntry> history, FlakyRules rules)
    {
        var window = history.Where(h => h.Outcome != TestOutcome.Skipped).TakeLast(rules.Window).ToList();
        if (window.Count == 0) return FlakyVerdict.NotFlaky;

        var flips = 0;
        var flipRuns = new List<long>();
        for (var i = 1; i < window.Count; i++)
        {
            if (window[i].Outcome.IsFailure() == window[i - 1].Outcome.IsFailure()) continue;
            flips++;
            flipRuns.Add(window[i].RunId);
        }

        FlakyReason? reason = null;
        IReadOnlyList<long> evidence = [];
        string? commit = null;
        var retried = window.Where(h => h.FlakyInRun).Select(h => h.RunId).ToList();
        var sameCommit = window.Where(h => !string.IsNullOrEmpty(h.Commit)).GroupBy(h => h.Commit!, StringComparer.Ordinal)
            .FirstOrDefault(g => g.Any(h => h.Outcome == TestOutcome.Passed) && g.Any(h => h.Outcome.IsFailure()));
        if (retried.Count > 0)
        {
            reason = FlakyReason.Retry;
            evidence = retried;
        }
        else if (sameCommit is not null)
        {
            reason = FlakyReason.SameCommit;
            evidence = sameCommit.Select(h => h.RunId).ToList();
            commit = sameCommit.Key;
        }
        else if (flips >= rules.FlipThreshold)
        {
            reason = FlakyReason.Flips;
            evidence = flipRuns;
        }
        if (reason is null) return FlakyVerdict.NotFlaky with { Flips = flips };

        // Cleared: the latest K runs all passed cleanly (no retry), so every failure of the evidence is older.
        var latest = window.TakeLast(rules.ClearAfterPasses).ToList();
        var cleared = latest.Count == rules.ClearAfterPasses && latest.All(h => h.Outcome == TestOutcome.Passed && !h.FlakyInRun);
        return new FlakyVerdict(!cleared, reason, flips, evidence, cleared, commit);
    }
}
