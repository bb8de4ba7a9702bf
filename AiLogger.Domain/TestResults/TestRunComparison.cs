namespace AiLogger.Domain.TestResults;

/// <summary>
/// A run against its base (the previous run of its branch, or of the default branch for a new branch), as GitLab's
/// base-versus-head test report shows it: failures new in this run, failures fixed by it, and failures carried on.
/// </summary>
public sealed record TestRunComparison(long? BaseRunId, IReadOnlyList<long> NewFailures, IReadOnlyList<long> Fixed, IReadOnlyList<long> StillFailing)
{
    public static readonly TestRunComparison None = new(null, [], [], []);

    /// <param name="current">Case id → outcome in this run.</param>
    /// <param name="previous">Case id → outcome in the base run; null when there is none (then every failure is new).</param>
    public static TestRunComparison Compare(long? baseRunId, IReadOnlyDictionary<long, TestOutcome> current, IReadOnlyDictionary<long, TestOutcome>? previous)
    {
        var newFailures = new List<long>();
        var stillFailing = new List<long>();
        var fixedCases = new List<long>();
        foreach (var (caseId, outcome) in current)
        {
            var before = previous is not null && previous.TryGetValue(caseId, out var b) ? b : (TestOutcome?)null;
            if (outcome.IsFailure())
            {
                if (before?.IsFailure() == true) stillFailing.Add(caseId);
                else newFailures.Add(caseId);
            }
            else if (outcome == TestOutcome.Passed && before?.IsFailure() == true) fixedCases.Add(caseId);
        }
        newFailures.Sort();
        stillFailing.Sort();
        fixedCases.Sort();
        return new TestRunComparison(baseRunId, newFailures, fixedCases, stillFailing);
    }
}
