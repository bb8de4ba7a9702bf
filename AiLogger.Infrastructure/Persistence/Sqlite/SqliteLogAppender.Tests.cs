using AiLogger.Domain.TestResults;
using AiLogger.Infrastructure.Ingest;
using AiLogger.Infrastructure.TestResults;
using SQLitePCL;

namespace AiLogger.Infrastructure.Persistence.Sqlite;

/// <summary>
/// The writer's part for CI test runs: a run, its cases' identities (created on first sight), its results and its
/// coverage, in the group's transaction. The same reports pushed again for the same project and build are found,
/// not stored twice.
/// </summary>
internal sealed partial class SqliteLogAppender
{
    private const int ResultColumns = 15;
    private const string ResultTable =
        "test_results (run_id, case_id, suite, outcome, duration_ms, flaky, message, failure_type, stack, stdout, stderr, retries, retry_count, properties, line)";
    private const string FindRunSql =
        "SELECT id FROM test_runs WHERE project = ?1 AND report_hash = ?2 AND build_id = ?3 LIMIT 1";
    private const string InsertRunSql =
        "INSERT INTO test_runs (project, branch, commit_sha, build_url, build_id, environment, started_at, duration_ms, tests, passed, failed, errors, " +
        "skipped, flaky, labels, files, report_hash, line_rate, branch_rate, created_at) " +
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20) RETURNING id";
    private const string FindCaseSql = "SELECT id FROM test_cases WHERE project = ?1 AND case_key = ?2";
    private const string InsertCaseSql = "INSERT INTO test_cases (project, case_key, class_name, name, file) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id";
    private const string InsertCoverageSql =
        "INSERT INTO test_coverage_files (run_id, path, package, lines_valid, lines_covered, branches_valid, branches_covered, covered_lines, missed_lines) " +
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (run_id, path) DO NOTHING";

    private sqlite3_stmt? _findRun;
    private sqlite3_stmt? _insertRun;
    private sqlite3_stmt? _findCase;
    private sqlite3_stmt? _insertCase;
    private sqlite3_stmt? _insertResults;
    private sqlite3_stmt? _insertResult;
    private sqlite3_stmt? _insertCoverage;

    /// <summary>Stores the group's test runs; called inside the open transaction.</summary>
    private void AppendTestRuns(IReadOnlyList<PendingBatch> batches, DateTimeOffset now)
    {
        foreach (var batch in batches)
        {
            if (batch.TestRuns.Length == 0) continue;
            EnsureTestStatements();
            var stored = new StoredTestRun[batch.TestRuns.Length];
            for (var i = 0; i < stored.Length; i++) stored[i] = AppendTestRun(batch.TestRuns[i], now);
            batch.StoredTestRuns = stored;
        }
    }

    private StoredTestRun AppendTestRun(TestRunDraft run, DateTimeOffset now)
    {
        var m = run.Metadata;
        // A push is the same run again only for the same build: without a build id, two identical reports are two runs
        // (a rerun of one commit, which the flaky verdicts rely on).
        if (m.BuildId is not null)
        {
            Bind(_findRun!, 1, m.Project);
            Bind(_findRun!, 2, run.ReportHash);
            Bind(_findRun!, 3, m.BuildId);
            if (ScalarId(_findRun!) is { } existing) return new StoredTestRun(existing, true);
        }

        var totals = run.Totals;
        var s = _insertRun!;
        Bind(s, 1, m.Project);
        Bind(s, 2, m.Branch);
        Bind(s, 3, m.Commit);
        Bind(s, 4, m.BuildUrl);
        Bind(s, 5, m.BuildId);
        Bind(s, 6, m.Environment);
        Bind(s, 7, run.StartedAt.UtcTicks);
        raw.sqlite3_bind_double(s, 8, totals.DurationMs);
        Bind(s, 9, totals.Tests);
        Bind(s, 10, totals.Passed);
        Bind(s, 11, totals.Failed);
        Bind(s, 12, totals.Errors);
        Bind(s, 13, totals.Skipped);
        Bind(s, 14, totals.Flaky);
        Bind(s, 15, TestRunRows.LabelsJson(run));
        Bind(s, 16, TestRunRows.FilesJson(run));
        Bind(s, 17, run.ReportHash);
        BindNullable(s, 18, run.Coverage?.LineRate);
        BindNullable(s, 19, run.Coverage?.BranchRate);
        Bind(s, 20, now.UtcTicks);
        var runId = ScalarId(s) ?? throw new InvalidOperationException("INSERT … RETURNING gave no id.");

        var caseIds = new long[run.Cases.Count];
        for (var i = 0; i < caseIds.Length; i++) caseIds[i] = CaseId(m.Project, run.Cases[i]);

        var full = run.Cases.Count - run.Cases.Count % RowsPerStatement;
        for (var start = 0; start < full; start += RowsPerStatement)
        {
            for (var row = 0; row < RowsPerStatement; row++) BindResult(_insertResults!, row * ResultColumns, runId, caseIds[start + row], run.Cases[start + row]);
            Step(_insertResults!);
        }
        for (var i = full; i < run.Cases.Count; i++)
        {
            BindResult(_insertResult!, 0, runId, caseIds[i], run.Cases[i]);
            Step(_insertResult!);
        }

        foreach (var file in run.Coverage?.Files ?? [])
        {
            var c = _insertCoverage!;
            Bind(c, 1, runId);
            Bind(c, 2, file.Path);
            Bind(c, 3, file.Package);
            Bind(c, 4, file.LinesValid);
            Bind(c, 5, file.LinesCovered);
            Bind(c, 6, file.BranchesValid);
            Bind(c, 7, file.BranchesCovered);
            Bind(c, 8, TestRunRows.Ranges(file.CoveredLines));
            Bind(c, 9, TestRunRows.Ranges(file.MissedLines));
            Step(c);
        }
        return new StoredTestRun(runId, false);
    }

    private long CaseId(string project, TestCaseResult c)
    {
        var key = TestRunRows.CaseKey(c.ClassName, c.Name);
        Bind(_findCase!, 1, project);
        Bind(_findCase!, 2, key);
        if (ScalarId(_findCase!) is { } id) return id;
        Bind(_insertCase!, 1, project);
        Bind(_insertCase!, 2, key);
        Bind(_insertCase!, 3, c.ClassName);
        Bind(_insertCase!, 4, c.Name);
        Bind(_insertCase!, 5, c.File);
        return ScalarId(_insertCase!) ?? throw new InvalidOperationException("INSERT … RETURNING gave no id.");
    }

    private void BindResult(sqlite3_stmt s, int offset, long runId, long caseId, TestCaseResult c)
    {
        Bind(s, offset + 1, runId);
        Bind(s, offset + 2, caseId);
        Bind(s, offset + 3, c.Suite);
        Bind(s, offset + 4, (int)c.Outcome);
        raw.sqlite3_bind_double(s, offset + 5, c.DurationMs);
        Bind(s, offset + 6, c.Flaky ? 1 : 0);
        Bind(s, offset + 7, c.Message);
        Bind(s, offset + 8, c.FailureType);
        Bind(s, offset + 9, c.Stack);
        Bind(s, offset + 10, c.StdOut);
        Bind(s, offset + 11, c.StdErr);
        Bind(s, offset + 12, TestRunRows.RetriesJson(c));
        Bind(s, offset + 13, c.Retries.Count);
        Bind(s, offset + 14, TestRunRows.PropertiesJson(c));
        if (c.Line is { } line) Bind(s, offset + 15, line);
        else raw.sqlite3_bind_null(s, offset + 15);
    }

    private static void BindNullable(sqlite3_stmt s, int index, double? value)
    {
        if (value is { } v) raw.sqlite3_bind_double(s, index, v);
        else raw.sqlite3_bind_null(s, index);
    }

    /// <summary>Steps a statement that returns at most one integer.</summary>
    private long? ScalarId(sqlite3_stmt statement)
    {
        var rc = raw.sqlite3_step(statement);
        long? id = rc == raw.SQLITE_ROW ? raw.sqlite3_column_int64(statement, 0) : null;
        raw.sqlite3_reset(statement);
        if (rc is not (raw.SQLITE_ROW or raw.SQLITE_DONE)) Check(rc);
        return id;
    }

    private void EnsureTestStatements()
    {
        if (_findRun is not null) return;
        _findRun = Prepare(FindRunSql);
        _insertRun = Prepare(InsertRunSql);
        _findCase = Prepare(FindCaseSql);
        _insertCase = Prepare(InsertCaseSql);
        _insertResults = Prepare(InsertSql(ResultTable, ResultColumns, RowsPerStatement));
        _insertResult = Prepare(InsertSql(ResultTable, ResultColumns, 1));
        _insertCoverage = Prepare(InsertCoverageSql);
    }

    private void ClearTestRuns(bool committed, IReadOnlyList<PendingBatch> batches)
    {
        if (committed) return;
        foreach (var batch in batches) batch.StoredTestRuns = [];
    }

    private void DisposeTestStatements()
    {
        _findRun?.Dispose();
        _insertRun?.Dispose();
        _findCase?.Dispose();
        _insertCase?.Dispose();
        _insertResults?.Dispose();
        _insertResult?.Dispose();
        _insertCoverage?.Dispose();
    }
}
