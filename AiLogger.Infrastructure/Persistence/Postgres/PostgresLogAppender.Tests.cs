using AiLogger.Domain.TestResults;
using AiLogger.Infrastructure.Ingest;
using AiLogger.Infrastructure.TestResults;
using Npgsql;
using NpgsqlTypes;

namespace AiLogger.Infrastructure.Persistence.Postgres;

/// <summary>
/// The writer's part for CI test runs, as on SQLite: the run, its cases' identities (created on first sight, by
/// whichever node sees them first), results and coverage in the group's transaction; the same reports pushed again
/// for the same project and build are found, not stored twice.
/// </summary>
internal sealed partial class PostgresLogAppender
{
    private const string FindRunSql =
        "SELECT id FROM test_runs WHERE project = $1 AND report_hash = $2 AND build_id = $3 LIMIT 1";
    private const string InsertRunSql =
        "INSERT INTO test_runs (project, branch, commit_sha, build_url, build_id, environment, started_at, duration_ms, tests, passed, failed, errors, " +
        "skipped, flaky, labels, files, report_hash, line_rate, branch_rate, created_at) " +
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20) RETURNING id";
    private const string InsertCasesSql =
        "INSERT INTO test_cases (project, case_key, class_name, name, file) SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[]) " +
        "ON CONFLICT (project, case_key) DO NOTHING";
    private const string CaseIdsSql = "SELECT case_key, id FROM test_cases WHERE project = $1 AND case_key = ANY($2)";
    private const string InsertResultsSql =
        "INSERT INTO test_results (run_id, case_id, suite, outcome, duration_ms, flaky, message, failure_type, stack, stdout, stderr, retries, retry_count, properties, line) " +
        "SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::integer[], $5::double precision[], $6::boolean[], $7::text[], $8::text[], $9::text[], " +
        "$10::text[], $11::text[], $12::text[], $13::integer[], $14::text[], $15::integer[])";
    private const string InsertCoverageSql =
        "INSERT INTO test_coverage_files (run_id, path, package, lines_valid, lines_covered, branches_valid, branches_covered, covered_lines, missed_lines) " +
        "SELECT $1, * FROM unnest($2::text[], $3::text[], $4::integer[], $5::integer[], $6::integer[], $7::integer[], $8::text[], $9::text[]) " +
        "ON CONFLICT (run_id, path) DO NOTHING";

    /// <summary>Stores the group's test runs; called inside the open transaction.</summary>
    private static void AppendTestRuns(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<PendingBatch> batches, DateTimeOffset now)
    {
        foreach (var batch in batches)
        {
            if (batch.TestRuns.Length == 0) continue;
            var stored = new StoredTestRun[batch.TestRuns.Length];
            for (var i = 0; i < stored.Length; i++) stored[i] = AppendTestRun(connection, transaction, batch.TestRuns[i], now);
            batch.StoredTestRuns = stored;
        }
    }

    private static StoredTestRun AppendTestRun(NpgsqlConnection connection, NpgsqlTransaction transaction, TestRunDraft run, DateTimeOffset now)
    {
        var m = run.Metadata;
        var project = PostgresText.Clean(m.Project)!;
        // The same run again only for the same build (see the SQLite writer).
        if (m.BuildId is not null)
        {
            using var find = new NpgsqlCommand(FindRunSql, connection, transaction);
            find.Parameters.Add(new NpgsqlParameter { Value = project });
            find.Parameters.Add(new NpgsqlParameter { Value = run.ReportHash });
            find.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = PostgresText.Clean(m.BuildId)! });
            if (find.ExecuteScalar() is long existing) return new StoredTestRun(existing, true);
        }

        var totals = run.Totals;
        long runId;
        using (var insert = new NpgsqlCommand(InsertRunSql, connection, transaction))
        {
            Add(insert, project);
            Add(insert, PostgresText.Clean(m.Branch));
            Add(insert, PostgresText.Clean(m.Commit));
            Add(insert, PostgresText.Clean(m.BuildUrl));
            Add(insert, PostgresText.Clean(m.BuildId));
            Add(insert, PostgresText.Clean(m.Environment));
            insert.Parameters.Add(new NpgsqlParameter { Value = run.StartedAt.UtcTicks });
            insert.Parameters.Add(new NpgsqlParameter { Value = totals.DurationMs });
            foreach (var count in new[] { totals.Tests, totals.Passed, totals.Failed, totals.Errors, totals.Skipped, totals.Flaky })
                insert.Parameters.Add(new NpgsqlParameter { Value = count });
            Add(insert, PostgresText.Clean(TestRunRows.LabelsJson(run)));
            Add(insert, PostgresText.Clean(TestRunRows.FilesJson(run)));
            Add(insert, run.ReportHash);
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Double, Value = (object?)run.Coverage?.LineRate ?? DBNull.Value });
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Double, Value = (object?)run.Coverage?.BranchRate ?? DBNull.Value });
            insert.Parameters.Add(new NpgsqlParameter { Value = now.UtcTicks });
            runId = (long)insert.ExecuteScalar()!;
        }

        var cases = run.Cases;
        if (cases.Count > 0)
        {
            var keys = cases.Select(c => TestRunRows.CaseKey(c.ClassName, c.Name)).ToArray();
            using (var insert = new NpgsqlCommand(InsertCasesSql, connection, transaction))
            {
                Add(insert, project);
                insert.Parameters.Add(new NpgsqlParameter { Value = keys });
                insert.Parameters.Add(new NpgsqlParameter { Value = cases.Select(c => PostgresText.Clean(c.ClassName)).ToArray() });
                insert.Parameters.Add(new NpgsqlParameter { Value = cases.Select(c => PostgresText.Clean(c.Name)).ToArray() });
                insert.Parameters.Add(new NpgsqlParameter { Value = cases.Select(c => PostgresText.Clean(c.File)).ToArray() });
                insert.ExecuteNonQuery();
            }
            var ids = new Dictionary<long, long>(keys.Length);
            using (var select = new NpgsqlCommand(CaseIdsSql, connection, transaction))
            {
                Add(select, project);
                select.Parameters.Add(new NpgsqlParameter { Value = keys });
                using var reader = select.ExecuteReader();
                while (reader.Read()) ids[reader.GetInt64(0)] = reader.GetInt64(1);
            }
            using var results = new NpgsqlCommand(InsertResultsSql, connection, transaction);
            results.Parameters.Add(new NpgsqlParameter { Value = runId });
            results.Parameters.Add(new NpgsqlParameter { Value = keys.Select(k => ids[k]).ToArray() });
            results.Parameters.Add(new NpgsqlParameter { Value = cases.Select(c => PostgresText.Clean(c.Suite)).ToArray() });
            results.Parameters.Add(new NpgsqlParameter { Value = cases.Select(c => (int)c.Outcome).ToArray() });
            results.Parameters.Add(new NpgsqlParameter { Value = cases.Select(c => c.DurationMs).ToArray() });
            results.Parameters.Add(new NpgsqlParameter { Value = cases.Select(c => c.Flaky).ToArray() });
            results.Parameters.Add(new NpgsqlParameter { Value = cases.Select(c => PostgresText.Clean(c.Message)).ToArray() });
            results.Parameters.Add(new NpgsqlParameter { Value = cases.Select(c => PostgresText.Clean(c.FailureType)).ToArray() });
            results.Parameters.Add(new NpgsqlParameter { Value = cases.Select(c => PostgresText.Clean(c.Stack)).ToArray() });
            results.Parameters.Add(new NpgsqlParameter { Value = cases.Select(c => PostgresText.Clean(c.StdOut)).ToArray() });
            results.Parameters.Add(new NpgsqlParameter { Value = cases.Select(c => PostgresText.Clean(c.StdErr)).ToArray() });
            results.Parameters.Add(new NpgsqlParameter { Value = cases.Select(c => PostgresText.Clean(TestRunRows.RetriesJson(c))).ToArray() });
            results.Parameters.Add(new NpgsqlParameter { Value = cases.Select(c => c.Retries.Count).ToArray() });
            results.Parameters.Add(new NpgsqlParameter { Value = cases.Select(c => PostgresText.Clean(TestRunRows.PropertiesJson(c))).ToArray() });
            results.Parameters.Add(new NpgsqlParameter { Value = cases.Select(c => c.Line).ToArray() });
            results.ExecuteNonQuery();
        }

        if (run.Coverage is { Files.Count: > 0 } coverage)
        {
            var files = coverage.Files;
            using var insert = new NpgsqlCommand(InsertCoverageSql, connection, transaction);
            insert.Parameters.Add(new NpgsqlParameter { Value = runId });
            insert.Parameters.Add(new NpgsqlParameter { Value = files.Select(f => PostgresText.Clean(f.Path)).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = files.Select(f => PostgresText.Clean(f.Package)).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = files.Select(f => f.LinesValid).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = files.Select(f => f.LinesCovered).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = files.Select(f => f.BranchesValid).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = files.Select(f => f.BranchesCovered).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = files.Select(f => TestRunRows.Ranges(f.CoveredLines)).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = files.Select(f => TestRunRows.Ranges(f.MissedLines)).ToArray() });
            insert.ExecuteNonQuery();
        }
        return new StoredTestRun(runId, false);

        static void Add(NpgsqlCommand command, string? value) =>
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)value ?? DBNull.Value });
    }

    private static void ClearTestRuns(bool committed, IReadOnlyList<PendingBatch> batches)
    {
        if (committed) return;
        foreach (var batch in batches) batch.StoredTestRuns = [];
    }
}
