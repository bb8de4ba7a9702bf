namespace AiLogger.Domain.TestResults;

/// <summary>What one report file holds: its cases, or a coverage report, and the time it states.</summary>
public sealed record TestReport(string Format, IReadOnlyList<TestCaseResult> Cases)
{
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>The report's own total time, when it states one; else the cases' sum counts.</summary>
    public double? DurationMs { get; init; }

    public CoverageReport? Coverage { get; init; }
}

/// <summary>Cobertura's totals and files.</summary>
public sealed record CoverageReport(IReadOnlyList<CoverageFile> Files)
{
    public long LinesValid => Files.Sum(f => (long)f.LinesValid);

    public long LinesCovered => Files.Sum(f => (long)f.LinesCovered);

    public long BranchesValid => Files.Sum(f => (long)f.BranchesValid);

    public long BranchesCovered => Files.Sum(f => (long)f.BranchesCovered);

    public double? LineRate => LinesValid == 0 ? null : (double)LinesCovered / LinesValid;

    public double? BranchRate => BranchesValid == 0 ? null : (double)BranchesCovered / BranchesValid;
}

/// <summary>One source file's coverage; line numbers sorted ascending.</summary>
public sealed record CoverageFile(string Package, string Path, IReadOnlyList<int> CoveredLines, IReadOnlyList<int> MissedLines)
{
    public int BranchesValid { get; init; }

    public int BranchesCovered { get; init; }

    public int LinesValid => CoveredLines.Count + MissedLines.Count;

    public int LinesCovered => CoveredLines.Count;

    public double? LineRate => LinesValid == 0 ? null : (double)LinesCovered / LinesValid;
}
