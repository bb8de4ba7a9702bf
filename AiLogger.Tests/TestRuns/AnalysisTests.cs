using AiLogger.Domain.TestResults;

namespace AiLogger.Tests.TestRuns;

/// <summary>Run comparison, flaky verdicts and failure groups on hand-checked histories.</summary>
public sealed class AnalysisTests
{
    private const TestOutcome P = TestOutcome.Passed;
    private const TestOutcome F = TestOutcome.Failed;
    private const TestOutcome E = TestOutcome.Error;
    private const TestOutcome S = TestOutcome.Skipped;

    private static List<TestHistoryEntry> History(params TestOutcome[] outcomes) =>
        outcomes.Select((o, i) => new TestHistoryEntry(i + 1, $"c{i + 1}", o, false, DateTimeOffset.UnixEpoch.AddHours(i))).ToList();

    [Fact]
    public void Comparison_names_new_failures_fixed_and_still_failing_cases()
    {
        var previous = new Dictionary<long, TestOutcome> { [1] = P, [2] = F, [3] = F, [4] = P, [5] = E };
        var current = new Dictionary<long, TestOutcome> { [1] = F, [2] = F, [3] = P, [4] = P, [5] = S, [6] = E };

        var c = TestRunComparison.Compare(10, current, previous);

        Assert.Equal([1L, 6L], c.NewFailures); // 6 is a case the base did not have
        Assert.Equal([2L], c.StillFailing);
        Assert.Equal([3L], c.Fixed); // 5 was skipped, not fixed
        Assert.Equal(10, c.BaseRunId);
    }

    [Fact]
    public void Without_a_base_every_failure_is_new()
    {
        var c = TestRunComparison.Compare(null, new Dictionary<long, TestOutcome> { [1] = F, [2] = P }, null);
        Assert.Equal([1L], c.NewFailures);
        Assert.Empty(c.Fixed);
        Assert.Empty(c.StillFailing);
    }

    [Fact]
    public void Passing_and_failing_on_the_same_commit_is_flaky()
    {
        var history = new List<TestHistoryEntry>
        {
            new(1, "abc", P, false, DateTimeOffset.UnixEpoch),
            new(2, "abc", F, false, DateTimeOffset.UnixEpoch.AddHours(1)),
            new(3, "def", P, false, DateTimeOffset.UnixEpoch.AddHours(2)),
        };
        var v = FlakyDetection.Judge(history, FlakyRules.Default);
        Assert.True(v.Flaky);
        Assert.Equal(FlakyReason.SameCommit, v.Reason);
        Assert.Equal("abc", v.Commit);
        Assert.Equal([1L, 2L], v.EvidenceRunIds);
    }

    [Fact]
    public void A_pass_on_rerun_within_a_run_is_flaky()
    {
        var history = History(P, P);
        history[1] = history[1] with { FlakyInRun = true };
        var v = FlakyDetection.Judge(history, FlakyRules.Default);
        Assert.Equal(FlakyReason.Retry, v.Reason);
        Assert.Equal([2L], v.EvidenceRunIds);
    }

    [Fact]
    public void Three_flips_in_the_window_are_flaky_two_are_not_and_skips_do_not_count()
    {
        // P F P F: flips at runs 2, 3, 4.
        var flaky = FlakyDetection.Judge(History(P, F, S, P, F), FlakyRules.Default);
        Assert.True(flaky.Flaky);
        Assert.Equal(FlakyReason.Flips, flaky.Reason);
        Assert.Equal(3, flaky.Flips);
        Assert.Equal([2L, 4L, 5L], flaky.EvidenceRunIds);

        // P F F P: two flips — a test that broke and was fixed, not a flaky one.
        var fixedOnce = FlakyDetection.Judge(History(P, F, F, P), FlakyRules.Default);
        Assert.False(fixedOnce.Flaky);
        Assert.Equal(2, fixedOnce.Flips);
    }

    [Fact]
    public void Flips_outside_the_window_do_not_count()
    {
        var rules = new FlakyRules(FlipThreshold: 3, Window: 4, ClearAfterPasses: 5);
        // P F P F then F F F F: the last four runs hold no flip.
        Assert.False(FlakyDetection.Judge(History(P, F, P, F, F, F, F, F), rules).Flaky);
    }

    [Fact]
    public void The_verdict_clears_after_five_consecutive_passes_and_not_before()
    {
        var four = FlakyDetection.Judge(History(P, F, P, F, P, P, P, P), FlakyRules.Default);
        Assert.True(four.Flaky);
        Assert.False(four.Cleared);

        var five = FlakyDetection.Judge(History(P, F, P, F, P, P, P, P, P), FlakyRules.Default);
        Assert.False(five.Flaky);
        Assert.True(five.Cleared);
        Assert.Equal(FlakyReason.Flips, five.Reason);
    }

    [Fact]
    public void Failures_group_by_masked_message_and_top_frame()
    {
        var failures = new List<(long, string?, string?)>
        {
            (1, "Connection to 10.0.0.7:5432 refused after 3012 ms", "   at Db.Open() in /src/Db.cs:line 40\n   at Tests.A()"),
            (2, "Connection to 10.0.0.9:5433 refused after 17 ms", "   at Db.Open() in /src/Db.cs:line 40\n   at Tests.B()"),
            (3, "Connection to 10.0.0.9:5433 refused after 17 ms", "   at Cache.Get() in /src/Cache.cs:line 7"),
            (4, "Expected 'abc-123' but was 'abc-124' at 2026-12-01T10:00:00Z", null),
            (5, "Expected \"x\" but was \"y\" at 2026-12-04T11:12:13.5Z", null),
            (6, "Order 3f2b1c9e-8a7d-4e6f-9b0a-1c2d3e4f5a6b not found", null),
        };
        var groups = FailureGrouping.Group(failures);

        Assert.Equal(4, groups.Count);
        Assert.Equal([1L, 2L], groups[0].CaseIds);
        Assert.Equal("Connection to <ip> refused after <n> ms", groups[0].Message);
        Assert.Contains(groups, g => g.CaseIds.SequenceEqual([4L, 5L]) && g.Message == "Expected <str> but was <str> at <ts>");
        Assert.Contains(groups, g => g.CaseIds.SequenceEqual([3L]));
        Assert.Contains(groups, g => g.Message == "Order <id> not found");
    }

    [Fact]
    public void Top_frames_are_found_in_dotnet_java_python_and_javascript_stacks()
    {
        Assert.Equal("at Db.Open() in /src/Db.cs:line 40", FailureGrouping.TopFrame("System.Exception: x\n   at Db.Open() in /src/Db.cs:line 40\n   at T.A()"));
        Assert.Equal("at com.x.Order.place(Order.java:42)", FailureGrouping.TopFrame("java.lang.AssertionError\n\tat com.x.Order.place(Order.java:42)"));
        Assert.Equal("File \"/app/t.py\", line 3, in test_a", FailureGrouping.TopFrame("Traceback (most recent call last):\n  File \"/app/t.py\", line 3, in test_a\nAssertionError"));
        Assert.Equal("tests/test_a.py:12: AssertionError", FailureGrouping.TopFrame("def test_a():\n>       assert 1 == 2\nE       assert 1 == 2\n\ntests/test_a.py:12: AssertionError"));
    }

    [Fact]
    public void A_duration_regression_needs_twenty_runs_and_a_clear_slowdown()
    {
        var steady = Enumerable.Repeat(100.0, 20).ToList();
        Assert.Null(DurationRegression.Of(1, steady));
        var slower = Enumerable.Repeat(100.0, 10).Concat(Enumerable.Repeat(400.0, 10)).ToList();
        var r = DurationRegression.Of(1, slower)!;
        Assert.Equal(100, r.BeforeMs);
        Assert.Equal(400, r.AfterMs);
        Assert.Null(DurationRegression.Of(1, slower.Take(19).ToList()));
    }

    [Fact]
    public void Pass_rate_leaves_skips_out_and_can_leave_flaky_cases_out()
    {
        var totals = new TestRunTotals(Tests: 10, Passed: 6, Failed: 2, Errors: 0, Skipped: 2, Flaky: 1, DurationMs: 0);
        Assert.Equal(6.0 / 8, totals.PassRate());
        Assert.Equal(5.0 / 7, totals.PassRate(excludedFlaky: 1));
    }
}
