using System.Text.Json;
using AiLogger.Domain.TestResults;
using AiLogger.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AiLogger.Infrastructure.TestResults;

/// <summary>
/// The test results' reads, through EF Core (the same on both providers). History, comparisons and flaky verdicts
/// are computed from the stored outcomes when asked: failures are few of a run's cases, and the indexes hold them.
/// </summary>
internal sealed class TestResultStore(IDbContextFactory<AiLoggerDbContext> contexts, IOptions<TestResultOptions> options, TimeProvider time) : ITestResultStore
{
    private static readonly TimeSpan DetailLifetime = TimeSpan.FromMinutes(10);
    private const int MaxCachedCases = 200_000;

    /// <summary>
    /// Recent runs, read once right after their push and then by their pages (each renders twice: prerendered, then
    /// interactive) and their cases. A run's cases, comparison and groups do not change once later runs arrive (a run
    /// pushed late with an earlier start could change a base: an entry lives 10 minutes); the branch's flaky verdicts
    /// do, so they are joined at each read from their own cache. Readers that come while a run is being read wait for that read.
    /// </summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, (DateTimeOffset At, Task<TestRunDetail?> Detail)> _details = new();

    private const int TrendRuns = 20;
    private const int MaxFailingSince = 200;
    private const int StackForGrouping = 2000;
    private const int SlowestJudged = 200;
    private const int MaxCachedBranches = 512;

    /// <summary>
    /// A branch's flaky verdicts, keyed by the runs of its window: they change only when a run arrives, and judging
    /// a big project's window takes a while (a 20,000-case project: about 130 ms), so each node judges once per new run.
    /// </summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Project, string Branch), (long Window, Task<List<FlakyTest>> Flaky)> _verdicts = new();

    public async Task<IReadOnlyList<TestProjectSummary>> ListProjectsAsync(string? branch, string? environment, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var runs = Filter(db.TestRuns.AsNoTracking(), null, branch, environment);
        var pairs = await runs.GroupBy(r => new { r.Project, r.Branch })
            .Select(g => new { g.Key.Project, g.Key.Branch, Count = g.Count(), Last = g.Max(r => r.StartedAt) })
            .ToListAsync(cancellationToken);
        var projects = new List<TestProjectSummary>();
        foreach (var project in pairs.GroupBy(p => p.Project).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var branches = new List<TestBranchSummary>();
            foreach (var pair in project.OrderByDescending(p => p.Last))
            {
                var recent = (await Filter(db.TestRuns.AsNoTracking(), project.Key, pair.Branch ?? "", environment)
                    .OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id).Take(TrendRuns).ToListAsync(cancellationToken))
                    .Select(Summary).Reverse().ToList();
                if (recent.Count > 0) branches.Add(new TestBranchSummary(pair.Branch ?? "", recent[^1], recent));
            }
            var flaky = (await FlakyAsync(db, project.Key, branch, cancellationToken)).Select(f => f.CaseId).Distinct().Count();
            projects.Add(new TestProjectSummary(project.Key, branches, flaky, project.Sum(p => p.Count)));
        }
        return projects;
    }

    public async Task<IReadOnlyList<TestRunSummary>> ListRunsAsync(string project, string? branch, int limit, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return (await Filter(db.TestRuns.AsNoTracking(), project, branch, null)
            .OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id).Take(Math.Clamp(limit, 1, 1000)).ToListAsync(cancellationToken))
            .Select(Summary).ToList();
    }

    public async Task<TestRunDetail?> GetRunAsync(long runId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!_details.TryGetValue(runId, out var cached) || now - cached.At >= DetailLifetime || cached.Detail.IsFaulted)
        {
            foreach (var (id, entry) in _details)
                if (now - entry.At >= DetailLifetime) _details.TryRemove(id, out _);
            cached = (now, ReadRunAsync(runId, CancellationToken.None));
            _details[runId] = cached;
        }
        var detail = await cached.Detail.WaitAsync(cancellationToken);
        if (detail is null)
        {
            _details.TryRemove(runId, out _);
            return null;
        }
        // Bounded by the cases held: the oldest entries go first.
        while (_details.Values.Where(e => e.Detail.IsCompletedSuccessfully).Sum(e => e.Detail.Result?.Cases.Count ?? 0) > MaxCachedCases && _details.Count > 1)
            _details.TryRemove(_details.Where(e => e.Key != runId).MinBy(e => e.Value.At).Key, out _);

        var flaky = (await ListFlakyAsync(detail.Run.Project, detail.Run.Branch ?? "", cancellationToken)).Select(f => f.CaseId).ToHashSet();
        flaky.UnionWith(detail.KnownFlaky);
        flaky.RemoveWhere(id => !detail.CaseIds.Contains(id));
        return detail with { KnownFlaky = flaky };
    }

    private async Task<TestRunDetail?> ReadRunAsync(long runId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var run = await db.TestRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is null) return null;
        var baseRun = await BaseRunAsync(db, run, cancellationToken);

        // The failures' messages and stacks for grouping come on a second connection while this one reads every case.
        var failuresTask = FailuresAsync(runId, cancellationToken);
        var cases = await (from r in db.TestResults.AsNoTracking()
                           join c in db.TestCases.AsNoTracking() on r.CaseId equals c.Id
                           where r.RunId == runId
                           select new TestCaseRow(r.CaseId, r.Suite, c.ClassName, c.Name, (TestOutcome)r.Outcome, r.DurationMs, r.Flaky, r.Message, r.RetryCount))
            .ToListAsync(cancellationToken);
        var current = cases.ToDictionary(c => c.CaseId, c => c.Outcome);
        Dictionary<long, TestOutcome>? before = null;
        if (baseRun is not null)
        {
            // Only what can change the comparison: the base's failures, and its outcomes of this run's failures.
            var failing = cases.Where(c => c.Outcome.IsFailure()).Select(c => c.CaseId).ToList();
            var baseFailures = await db.TestResults.AsNoTracking().Where(r => r.RunId == baseRun.Id && (r.Outcome == 1 || r.Outcome == 2))
                .Select(r => new { r.CaseId, r.Outcome }).ToListAsync(cancellationToken);
            before = baseFailures.ToDictionary(r => r.CaseId, r => (TestOutcome)r.Outcome);
            foreach (var chunk in failing.Chunk(5000))
            {
                var ids = chunk.ToList();
                foreach (var r in await db.TestResults.AsNoTracking().Where(r => r.RunId == baseRun.Id && ids.Contains(r.CaseId))
                             .Select(r => new { r.CaseId, r.Outcome }).ToListAsync(cancellationToken))
                    before[r.CaseId] = (TestOutcome)r.Outcome;
            }
            // A failure of this run whose case the base did not have at all is new; one that passed there, too.
            foreach (var id in failing) if (!before.ContainsKey(id)) before[id] = TestOutcome.Skipped;
        }
        var comparison = TestRunComparison.Compare(baseRun?.Id, current, before);
        if (baseRun is null) comparison = comparison with { BaseRunId = null };

        var failures = await failuresTask;
        var groups = FailureGrouping.Group(failures);

        var coverage = await db.TestCoverageFiles.AsNoTracking().Where(f => f.RunId == runId).OrderBy(f => f.Path).ToListAsync(cancellationToken);
        var baseCoverage = baseRun is null || coverage.Count == 0 ? new Dictionary<string, double?>()
            : (await db.TestCoverageFiles.AsNoTracking().Where(f => f.RunId == baseRun.Id).Select(f => new { f.Path, f.LinesValid, f.LinesCovered }).ToListAsync(cancellationToken))
                .ToDictionary(f => f.Path, f => f.LinesValid == 0 ? (double?)null : (double)f.LinesCovered / f.LinesValid, StringComparer.Ordinal);
        var coverageRows = coverage.Select(f => new CoverageFileRow(f.Package, f.Path, f.LinesValid, f.LinesCovered, f.BranchesValid, f.BranchesCovered,
            baseCoverage.GetValueOrDefault(f.Path))).ToList();

        var since = await FailingSinceAsync(db, run, comparison.StillFailing.Take(MaxFailingSince).ToList(), cancellationToken);
        // Flaky in this run; the branch's verdicts are joined at each read (GetRunAsync).
        var flaky = cases.Where(c => c.Flaky).Select(c => c.CaseId).ToHashSet();
        var slowest = cases.OrderByDescending(c => c.DurationMs).Take(SlowestJudged).Select(c => c.CaseId).ToList();
        return new TestRunDetail(Summary(run), baseRun is null ? null : Summary(baseRun), comparison, groups, cases, coverageRows, baseRun?.LineRate)
        {
            KnownFlaky = flaky,
            CaseIds = current.Keys.ToHashSet(),
            FailingSince = since,
            Regressions = await RegressionsAsync(db, run, slowest, cancellationToken),
        };
    }

    private async Task<List<(long CaseId, string? Message, string? Stack)>> FailuresAsync(long runId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.TestResults.AsNoTracking().Where(r => r.RunId == runId && (r.Outcome == 1 || r.Outcome == 2))
            .Select(r => new { r.CaseId, r.Message, Stack = r.Stack == null ? null : r.Stack.Substring(0, StackForGrouping) })
            .ToListAsync(cancellationToken);
        return rows.Select(r => (r.CaseId, r.Message, r.Stack)).ToList();
    }

    public async Task<TestResultDetail?> GetResultAsync(long runId, long caseId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var run = await db.TestRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId, cancellationToken);
        var result = await db.TestResults.AsNoTracking().FirstOrDefaultAsync(r => r.RunId == runId && r.CaseId == caseId, cancellationToken);
        var testCase = await db.TestCases.AsNoTracking().FirstOrDefaultAsync(c => c.Id == caseId, cancellationToken);
        if (run is null || result is null || testCase is null) return null;
        var history = await HistoryAsync(db, caseId, run.Branch ?? "", options.Value.FlakyWindow, run.StartedAt, cancellationToken);
        return new TestResultDetail(Summary(run), caseId, result.Suite, testCase.ClassName, testCase.Name, (TestOutcome)result.Outcome, result.DurationMs, result.Flaky,
            result.Message, result.FailureType, result.Stack, result.StdOut, result.StdErr, TestRunRows.ReadRetries(result.Retries),
            history.Select(h => h.Entry).ToList(), testCase.File, result.Line);
    }

    public async Task<TestCaseDetail?> GetCaseAsync(long caseId, string? branch, int limit, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var testCase = await db.TestCases.AsNoTracking().FirstOrDefaultAsync(c => c.Id == caseId, cancellationToken);
        if (testCase is null) return null;
        var rows = from r in db.TestResults.AsNoTracking()
                   join run in db.TestRuns.AsNoTracking() on r.RunId equals run.Id
                   where r.CaseId == caseId
                   select new { r, run };
        if (!string.IsNullOrEmpty(branch)) rows = rows.Where(x => x.run.Branch == branch);
        var history = (await rows.OrderByDescending(x => x.run.StartedAt).ThenByDescending(x => x.run.Id).Take(Math.Clamp(limit, 1, 5000))
                .Select(x => new { x.run.Id, x.run.Branch, x.run.Commit, x.run.StartedAt, x.r.Outcome, x.r.DurationMs, x.r.Flaky, x.r.Message })
                .ToListAsync(cancellationToken))
            .Select(x => new TestCaseHistoryRow(x.Id, x.Branch, x.Commit, TestRunRows.Time(x.StartedAt), (TestOutcome)x.Outcome, x.DurationMs, x.Flaky, x.Message))
            .ToList();
        var branches = await (from r in db.TestResults.AsNoTracking()
                              join run in db.TestRuns.AsNoTracking() on r.RunId equals run.Id
                              where r.CaseId == caseId
                              select run.Branch).Distinct().ToListAsync(cancellationToken);
        var judged = branch ?? history.FirstOrDefault()?.Branch ?? "";
        var window = await HistoryAsync(db, caseId, judged, options.Value.FlakyWindow, long.MaxValue, cancellationToken);
        var verdict = FlakyDetection.Judge(window.Select(w => w.Entry).ToList(), options.Value.FlakyRules);
        return new TestCaseDetail(caseId, testCase.Project, testCase.ClassName, testCase.Name, testCase.File, history, verdict,
            branches.Select(b => b ?? "").Order(StringComparer.Ordinal).ToList());
    }

    public async Task<IReadOnlyList<FlakyTest>> ListFlakyAsync(string project, string? branch, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await FlakyAsync(db, project, branch, cancellationToken);
    }

    /// <summary>
    /// Per branch: the cases that failed or were retried within its last window of runs are the candidates; each one's
    /// outcomes in that window are judged.
    /// </summary>
    private async Task<List<FlakyTest>> FlakyAsync(AiLoggerDbContext db, string project, string? branch, CancellationToken cancellationToken)
    {
        var rules = options.Value.FlakyRules;
        var branches = branch is not null ? [branch]
            : (await db.TestRuns.AsNoTracking().Where(r => r.Project == project).Select(r => r.Branch).Distinct().ToListAsync(cancellationToken)).Select(b => b ?? "").ToList();
        var flaky = new List<FlakyTest>();
        foreach (var b in branches)
        {
            var runs = await Filter(db.TestRuns.AsNoTracking(), project, b, null).OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id).Take(rules.Window)
                .Select(r => new { r.Id, r.Commit, r.StartedAt, r.Flaky }).ToListAsync(cancellationToken);
            if (runs.Count == 0) continue;
            var window = runs.Aggregate(17L, (hash, r) => unchecked(hash * 31 + r.Id));
            // Readers that come while a window is being judged (the push's own judgement, the run's page) wait for that one.
            if (!_verdicts.TryGetValue((project, b), out var cached) || cached.Window != window || cached.Flaky.IsFaulted)
            {
                if (_verdicts.Count >= MaxCachedBranches) _verdicts.Clear();
                var window_ = runs.Select(r => (r.Id, r.Commit, r.StartedAt, r.Flaky)).ToList();
                cached = (window, JudgeBranchAsync(project, b, window_, rules));
                _verdicts[(project, b)] = cached;
            }
            flaky.AddRange(await cached.Flaky.WaitAsync(cancellationToken));
        }
        return flaky.OrderByDescending(f => f.Verdict.Flips).ThenBy(f => f.ClassName, StringComparer.Ordinal).ThenBy(f => f.Name, StringComparer.Ordinal).ToList();
    }

    private async Task<List<FlakyTest>> JudgeBranchAsync(string project, string b, List<(long Id, string? Commit, long StartedAt, int Flaky)> runs, FlakyRules rules)
    {
        var cancellationToken = CancellationToken.None;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var flaky = new List<FlakyTest>();
        {
            var runIds = runs.Select(r => r.Id).ToList();
            // Only cases that can be flaky are judged: k flips need at least ⌈k/2⌉ failing runs; a same-commit verdict needs
            // a failure on a commit that ran more than once in the window; a retry shows in its run's flaky rows.
            var failures = await db.TestResults.AsNoTracking().Where(r => runIds.Contains(r.RunId) && (r.Outcome == 1 || r.Outcome == 2))
                .Select(r => new { r.CaseId, r.RunId }).ToListAsync(cancellationToken);
            var repeatedCommits = runs.Where(r => !string.IsNullOrEmpty(r.Commit)).GroupBy(r => r.Commit!, StringComparer.Ordinal)
                .Where(g => g.Count() > 1).SelectMany(g => g.Select(r => r.Id)).ToHashSet();
            var minFailures = Math.Max(1, (rules.FlipThreshold + 1) / 2);
            var candidates = failures.GroupBy(f => f.CaseId)
                .Where(g => g.Count() >= minFailures || g.Any(f => repeatedCommits.Contains(f.RunId)))
                .Select(g => g.Key).ToList();
            var retried = runs.Where(r => r.Flaky > 0).Select(r => r.Id).ToList();
            if (retried.Count > 0)
                candidates.AddRange(await db.TestResults.AsNoTracking().Where(r => retried.Contains(r.RunId) && r.Flaky).Select(r => r.CaseId).Distinct().ToListAsync(cancellationToken));
            if (candidates.Count == 0) return flaky;
            var byRun = runs.ToDictionary(r => r.Id);
            var outcomes = new List<(long CaseId, TestHistoryEntry Entry)>();
            foreach (var chunk in candidates.Distinct().Chunk(2000))
            {
                var ids = chunk.ToList();
                foreach (var r in await db.TestResults.AsNoTracking().Where(r => ids.Contains(r.CaseId) && runIds.Contains(r.RunId))
                             .Select(r => new { r.CaseId, r.RunId, r.Outcome, r.Flaky }).ToListAsync(cancellationToken))
                {
                    var run = byRun[r.RunId];
                    outcomes.Add((r.CaseId, new TestHistoryEntry(r.RunId, run.Commit, (TestOutcome)r.Outcome, r.Flaky, TestRunRows.Time(run.StartedAt))));
                }
            }
            var verdicts = new List<(long CaseId, FlakyVerdict Verdict, List<TestHistoryEntry> History)>();
            foreach (var ofCase in outcomes.GroupBy(o => o.CaseId))
            {
                var history = ofCase.Select(o => o.Entry).OrderBy(e => e.StartedAt).ThenBy(e => e.RunId).ToList();
                var verdict = FlakyDetection.Judge(history, rules);
                if (verdict.Flaky) verdicts.Add((ofCase.Key, verdict, history));
            }
            if (verdicts.Count == 0) return flaky;
            var caseIds = verdicts.Select(v => v.CaseId).ToList();
            var names = await db.TestCases.AsNoTracking().Where(c => caseIds.Contains(c.Id)).Select(c => new { c.Id, c.ClassName, c.Name }).ToDictionaryAsync(c => c.Id, cancellationToken);
            flaky.AddRange(verdicts.Select(v => new FlakyTest(v.CaseId, names[v.CaseId].ClassName, names[v.CaseId].Name, b, v.Verdict, v.History)));
        }
        return flaky;
    }

    /// <summary>The previous run of the branch; for a branch's first run, the latest run of the default branch before it.</summary>
    private async Task<TestRunEntity?> BaseRunAsync(AiLoggerDbContext db, TestRunEntity run, CancellationToken cancellationToken)
    {
        var previous = await Before(Filter(db.TestRuns.AsNoTracking(), run.Project, run.Branch ?? "", null), run).FirstOrDefaultAsync(cancellationToken);
        if (previous is not null) return previous;
        var main = options.Value.DefaultBranch;
        if (string.Equals(run.Branch, main, StringComparison.Ordinal)) return null;
        return await Before(Filter(db.TestRuns.AsNoTracking(), run.Project, main, null), run).FirstOrDefaultAsync(cancellationToken);

        static IQueryable<TestRunEntity> Before(IQueryable<TestRunEntity> runs, TestRunEntity run) =>
            runs.Where(r => r.StartedAt < run.StartedAt || (r.StartedAt == run.StartedAt && r.Id < run.Id)).OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id);
    }

    /// <summary>Durations of the given cases over the branch's last 20 runs up to this one, judged for a slowdown.</summary>
    private static async Task<Dictionary<long, DurationRegression>> RegressionsAsync(AiLoggerDbContext db, TestRunEntity run, List<long> caseIds, CancellationToken cancellationToken)
    {
        var regressions = new Dictionary<long, DurationRegression>();
        if (caseIds.Count == 0) return regressions;
        var runIds = await Filter(db.TestRuns.AsNoTracking(), run.Project, run.Branch ?? "", null)
            .Where(r => r.StartedAt < run.StartedAt || (r.StartedAt == run.StartedAt && r.Id <= run.Id))
            .OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id).Take(2 * DurationRegression.Runs).Select(r => new { r.Id, r.StartedAt }).ToListAsync(cancellationToken);
        if (runIds.Count < 2 * DurationRegression.Runs) return regressions;
        var order = runIds.Select((r, i) => (r.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var ids = runIds.Select(r => r.Id).ToList();
        var rows = await db.TestResults.AsNoTracking().Where(r => caseIds.Contains(r.CaseId) && ids.Contains(r.RunId))
            .Select(r => new { r.CaseId, r.RunId, r.DurationMs, r.Outcome }).ToListAsync(cancellationToken);
        foreach (var ofCase in rows.Where(r => r.Outcome != 3).GroupBy(r => r.CaseId))
        {
            var durations = ofCase.OrderByDescending(r => order[r.RunId]).Select(r => r.DurationMs).ToList();
            if (DurationRegression.Of(ofCase.Key, durations) is { } regression) regressions[ofCase.Key] = regression;
        }
        return regressions;
    }

    /// <summary>Still-failing case → the first run of its current streak of failures on the branch.</summary>
    private async Task<Dictionary<long, long>> FailingSinceAsync(AiLoggerDbContext db, TestRunEntity run, List<long> caseIds, CancellationToken cancellationToken)
    {
        var since = new Dictionary<long, long>();
        if (caseIds.Count == 0) return since;
        var rows = await (from r in db.TestResults.AsNoTracking()
                          join x in db.TestRuns.AsNoTracking() on r.RunId equals x.Id
                          where caseIds.Contains(r.CaseId) && x.Project == run.Project && x.Branch == run.Branch && x.StartedAt <= run.StartedAt
                          select new { r.CaseId, x.Id, x.StartedAt, r.Outcome })
            .ToListAsync(cancellationToken);
        foreach (var ofCase in rows.GroupBy(r => r.CaseId))
        {
            long first = run.Id;
            foreach (var r in ofCase.OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id))
            {
                if (r.Outcome is 1 or 2) first = r.Id;
                else if (r.Outcome == 0) break;
            }
            since[ofCase.Key] = first;
        }
        return since;
    }

    /// <summary>A case's latest outcomes on a branch up to a time, oldest first.</summary>
    private static async Task<List<(TestHistoryEntry Entry, double DurationMs)>> HistoryAsync(AiLoggerDbContext db, long caseId, string branch, int count, long upTo, CancellationToken cancellationToken)
    {
        var rows = await (from r in db.TestResults.AsNoTracking()
                          join run in db.TestRuns.AsNoTracking() on r.RunId equals run.Id
                          where r.CaseId == caseId && (branch == "" ? run.Branch == null || run.Branch == "" : run.Branch == branch) && run.StartedAt <= upTo
                          orderby run.StartedAt descending, run.Id descending
                          select new { run.Id, run.Commit, run.StartedAt, r.Outcome, r.Flaky, r.DurationMs })
            .Take(count).ToListAsync(cancellationToken);
        rows.Reverse();
        return rows.Select(r => (new TestHistoryEntry(r.Id, r.Commit, (TestOutcome)r.Outcome, r.Flaky, TestRunRows.Time(r.StartedAt)), r.DurationMs)).ToList();
    }

    private static IQueryable<TestRunEntity> Filter(IQueryable<TestRunEntity> runs, string? project, string? branch, string? environment)
    {
        if (project is not null) runs = runs.Where(r => r.Project == project);
        if (branch is not null) runs = branch.Length == 0 ? runs.Where(r => r.Branch == null || r.Branch == "") : runs.Where(r => r.Branch == branch);
        if (!string.IsNullOrEmpty(environment)) runs = runs.Where(r => r.Environment == environment);
        return runs;
    }

    private static TestRunSummary Summary(TestRunEntity r) => new()
    {
        Id = r.Id,
        Project = r.Project,
        Branch = r.Branch,
        Commit = r.Commit,
        BuildUrl = r.BuildUrl,
        BuildId = r.BuildId,
        Environment = r.Environment,
        StartedAt = TestRunRows.Time(r.StartedAt),
        Totals = new TestRunTotals(r.Tests, r.Passed, r.Failed, r.Errors, r.Skipped, r.Flaky, r.DurationMs),
        Labels = string.IsNullOrEmpty(r.Labels) ? new Dictionary<string, string>() : JsonSerializer.Deserialize<Dictionary<string, string>>(r.Labels) ?? [],
        Files = string.IsNullOrEmpty(r.Files) ? [] : JsonSerializer.Deserialize<List<string>>(r.Files) ?? [],
        LineRate = r.LineRate,
        BranchRate = r.BranchRate,
    };
}
