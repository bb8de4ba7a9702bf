namespace AiLogger.Infrastructure.TestResults;

// The test results' tables, owned by EF Core migrations; the writer stores them with raw SQL
// (Persistence/<Provider>/…LogAppender.Tests.cs), the reads go through EF Core (TestResultStore).

/// <summary>One CI run; times in UTC ticks.</summary>
internal sealed class TestRunEntity
{
    public long Id { get; set; }
    public required string Project { get; set; }
    public string? Branch { get; set; }
    public string? Commit { get; set; }
    public string? BuildUrl { get; set; }
    public string? BuildId { get; set; }
    public string? Environment { get; set; }
    public long StartedAt { get; set; }
    public double DurationMs { get; set; }
    public int Tests { get; set; }
    public int Passed { get; set; }
    public int Failed { get; set; }
    public int Errors { get; set; }
    public int Skipped { get; set; }
    public int Flaky { get; set; }
    /// <summary>JSON object of free labels.</summary>
    public string? Labels { get; set; }
    /// <summary>JSON array of the pushed files' names.</summary>
    public string? Files { get; set; }
    /// <summary>SHA-256 of the reports (hex): with the project and build id, what makes a second push the same run.</summary>
    public required string ReportHash { get; set; }
    public double? LineRate { get; set; }
    public double? BranchRate { get; set; }
    public long CreatedAt { get; set; }
}

/// <summary>A test's identity within a project: what its history follows across runs.</summary>
internal sealed class TestCaseEntity
{
    public long Id { get; set; }
    public required string Project { get; set; }
    /// <summary>64 bits of the SHA-256 of class name and name: a small unique index instead of one on two long texts.</summary>
    public long CaseKey { get; set; }
    public required string ClassName { get; set; }
    public required string Name { get; set; }
    public string? File { get; set; }
}

/// <summary>A case's result in a run.</summary>
internal sealed class TestResultEntity
{
    public long RunId { get; set; }
    public long CaseId { get; set; }
    public required string Suite { get; set; }
    public int Outcome { get; set; }
    public double DurationMs { get; set; }
    public bool Flaky { get; set; }
    public string? Message { get; set; }
    public string? FailureType { get; set; }
    public string? Stack { get; set; }
    public string? StdOut { get; set; }
    public string? StdErr { get; set; }
    /// <summary>JSON array of earlier attempts.</summary>
    public string? Retries { get; set; }
    public int RetryCount { get; set; }
    public string? Properties { get; set; }
    public int? Line { get; set; }
}

/// <summary>One source file's coverage in a run; line numbers as ranges ("1-4,9").</summary>
internal sealed class TestCoverageFileEntity
{
    public long RunId { get; set; }
    public required string Path { get; set; }
    public required string Package { get; set; }
    public int LinesValid { get; set; }
    public int LinesCovered { get; set; }
    public int BranchesValid { get; set; }
    public int BranchesCovered { get; set; }
    public string? CoveredLines { get; set; }
    public string? MissedLines { get; set; }
}
