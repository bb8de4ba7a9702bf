namespace AiLogger.Domain.TestResults;

/// <summary>The test results' reads: projects, runs, a case's history and the flaky verdicts (both providers).</summary>
public interface ITestResultStore
{
    Task<IReadOnlyList<TestProjectSummary>> ListProjectsAsync(string? branch, string? environment, CancellationToken cancellationToken);

    /// <summary>The project's runs, newest first.</summary>
    Task<IReadOnlyList<TestRunSummary>> ListRunsAsync(string project, string? branch, int limit, CancellationToken cancellationToken);

    Task<TestRunDetail?> GetRunAsync(long runId, CancellationToken cancellationToken);

    /// <summary>One case's result in one run: message, stack, output, retries.</summary>
    Task<TestResultDetail?> GetResultAsync(long runId, long caseId, CancellationToken cancellationToken);

    /// <summary>A case's latest <paramref name="limit"/> outcomes (on <paramref name="branch"/> when given), newest first, and its verdict.</summary>
    Task<TestCaseDetail?> GetCaseAsync(long caseId, string? branch, int limit, CancellationToken cancellationToken);

    /// <summary>The project's flaky cases (per branch), with the runs that show them.</summary>
    Task<IReadOnlyList<FlakyTest>> ListFlakyAsync(string project, string? branch, CancellationToken cancellationToken);
}

/// <summary>Parses pushed reports into one run and hands it to the one ingestion path.</summary>
public interface ITestReportIngestor
{
    /// <exception cref="Ingest.IngestFormatException">A file is malformed (its name, line and element in the message); nothing stored.</exception>
    /// <exception cref="Ingest.PayloadTooLargeException">The files together pass the per-run limit.</exception>
    Task<TestRunIngested> IngestAsync(TestRunMetadata metadata, IReadOnlyList<TestReportFile> files, Ingest.IngestContext context, CancellationToken cancellationToken);
}

/// <summary>A pushed file: its name (for messages), content, and its format when the sender named it (junit, trx, pytest-json, cobertura).</summary>
public sealed record TestReportFile(string Name, Stream Content, string? Format);

public sealed record TestRunIngested(long RunId, bool Duplicate, TestRunTotals Totals);

public sealed record TestRunSummary
{
    public required long Id { get; init; }

    public required string Project { get; init; }

    public string? Branch { get; init; }

    public string? Commit { get; init; }

    public string? BuildUrl { get; init; }

    public string? BuildId { get; init; }

    public string? Environment { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required TestRunTotals Totals { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<string> Files { get; init; } = [];

    public double? LineRate { get; init; }

    public double? BranchRate { get; init; }

    public DateTimeOffset EndedAt => StartedAt + TimeSpan.FromMilliseconds(Totals.DurationMs);
}

/// <summary>One branch of a project: its latest run and the trend of its recent runs (oldest first).</summary>
public sealed record TestBranchSummary(string Branch, TestRunSummary Latest, IReadOnlyList<TestRunSummary> Recent);

public sealed record TestProjectSummary(string Project, IReadOnlyList<TestBranchSummary> Branches, int FlakyCount, int RunCount);

/// <summary>A case as a row of a run.</summary>
public sealed record TestCaseRow(long CaseId, string Suite, string ClassName, string Name, TestOutcome Outcome, double DurationMs, bool Flaky, string? Message, int Retries);

public sealed record TestRunDetail(
    TestRunSummary Run, TestRunSummary? BaseRun, TestRunComparison Comparison, IReadOnlyList<FailureGroup> FailureGroups,
    IReadOnlyList<TestCaseRow> Cases, IReadOnlyList<CoverageFileRow> Coverage, double? BaseLineRate)
{
    /// <summary>Case ids of this run's flaky cases (flaky in the run or by the project's verdicts).</summary>
    public IReadOnlySet<long> KnownFlaky { get; init; } = new HashSet<long>();

    /// <summary>Every case id of <see cref="Cases"/>.</summary>
    public IReadOnlySet<long> CaseIds { get; init; } = new HashSet<long>();

    /// <summary>Still-failing case id → the first run of the current streak of failures.</summary>
    public IReadOnlyDictionary<long, long> FailingSince { get; init; } = new Dictionary<long, long>();

    /// <summary>Of the run's slowest cases, those whose median duration over the last 10 runs of the branch is far above the 10 before.</summary>
    public IReadOnlyDictionary<long, DurationRegression> Regressions { get; init; } = new Dictionary<long, DurationRegression>();
}

public sealed record CoverageFileRow(string Package, string Path, int LinesValid, int LinesCovered, int BranchesValid, int BranchesCovered, double? BaseLineRate)
{
    public double? LineRate => LinesValid == 0 ? null : (double)LinesCovered / LinesValid;
}

public sealed record TestResultDetail(
    TestRunSummary Run, long CaseId, string Suite, string ClassName, string Name, TestOutcome Outcome, double DurationMs, bool Flaky,
    string? Message, string? FailureType, string? Stack, string? StdOut, string? StdErr, IReadOnlyList<TestAttempt> Retries,
    IReadOnlyList<TestHistoryEntry> History, string? File, int? Line);

public sealed record TestCaseHistoryRow(long RunId, string? Branch, string? Commit, DateTimeOffset StartedAt, TestOutcome Outcome, double DurationMs, bool Flaky, string? Message);

public sealed record TestCaseDetail(long CaseId, string Project, string ClassName, string Name, string? File, IReadOnlyList<TestCaseHistoryRow> History, FlakyVerdict Verdict, IReadOnlyList<string> Branches);

public sealed record FlakyTest(long CaseId, string ClassName, string Name, string Branch, FlakyVerdict Verdict, IReadOnlyList<TestHistoryEntry> Recent);
