namespace AiLogger.Domain.TestResults;

/// <summary>
/// One test case as a report states it. Its identity across runs is <see cref="ClassName"/> + <see cref="Name"/>
/// (parameters are part of the name, as every producer writes them) within the run's project.
/// </summary>
public sealed record TestCaseResult
{
    public required string Suite { get; init; }

    public required string ClassName { get; init; }

    public required string Name { get; init; }

    public required TestOutcome Outcome { get; init; }

    public double DurationMs { get; init; }

    public string? File { get; init; }

    public int? Line { get; init; }

    public string? Message { get; init; }

    /// <summary>The failure's or skip's type attribute (an exception class, <c>pytest.skip</c>, <c>pytest.xfail</c>).</summary>
    public string? FailureType { get; init; }

    public string? Stack { get; init; }

    public string? StdOut { get; init; }

    public string? StdErr { get; init; }

    /// <summary>Earlier attempts of this case in the same run (Surefire reruns, TRX retries), oldest first.</summary>
    public IReadOnlyList<TestAttempt> Retries { get; init; } = [];

    /// <summary>Failed at first, then passed on a rerun in the same run.</summary>
    public bool Flaky { get; init; }

    /// <summary>The case's <c>properties</c>, as name/value pairs.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Properties { get; init; } = [];
}

/// <summary>One earlier attempt of a case within a run.</summary>
public sealed record TestAttempt(TestOutcome Outcome, string? Message, string? FailureType, string? Stack, double DurationMs);
