using System.Text.Json;
using AiLogger.Domain.Ingest;
using AiLogger.Domain.TestResults;
using AiLogger.Infrastructure.TestResults;
using AiLogger.Web.Security;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace AiLogger.Web.Api;

/// <summary>
/// CI test results (DESIGN §4): <c>POST /api/tests/runs</c> takes a run's reports (the body, or multipart files),
/// the reads serve projects, runs, a case's history and the flaky tests.
/// </summary>
public static class TestEndpoints
{
    public static IEndpointRouteBuilder MapTestEndpoints(this IEndpointRouteBuilder app)
    {
        var write = app.MapGroup(Routes.Tests).RequireAuthorization(Policies.ApiIngest).WithTags("Test results").DisableAntiforgery()
            .AddEndpointFilter<IngestErrorFilter>();
        write.MapPost("/runs", PushAsync).Produces<RunPushed>(201).Produces<RunPushed>();

        var read = app.MapGroup(Routes.Tests).RequireAuthorization(Policies.ApiReadAnalytics).WithTags("Test results");
        read.MapGet("/projects", async (ITestResultStore store, CancellationToken ct, string? branch = null, string? environment = null) =>
            TypedResults.Ok((await store.ListProjectsAsync(Empty(branch), Empty(environment), ct)).Select(ProjectShape.Of))).Produces<ProjectShape[]>();
        read.MapGet("/runs", ListRunsAsync).Produces<RunShape[]>();
        read.MapGet("/runs/{id:long}", GetRunAsync).Produces<RunDetailShape>();
        read.MapGet("/runs/{id:long}/cases/{caseId:long}", GetResultAsync).Produces<ResultShape>();
        read.MapGet("/cases/{id:long}", GetCaseAsync).Produces<CaseShape>();
        read.MapGet("/flaky", async (HttpContext http, ITestResultStore store, CancellationToken ct, string? project = null, string? branch = null) =>
            string.IsNullOrWhiteSpace(project)
                ? ApiErrors.Result(http, 400, "'project' is required: GET /api/tests/flaky?project=my-service.")
                : TypedResults.Ok((await store.ListFlakyAsync(project, Empty(branch), ct)).Select(FlakyShape.Of))).Produces<FlakyShape[]>();
        return app;
    }

    private static async Task<IResult> PushAsync(HttpContext http, ITestReportIngestor ingestor, IOptions<TestResultOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxRunBytes;
        var allowed = limit + 1024 * 1024; // multipart headers and boundaries
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = allowed;
        if (http.Request.ContentLength > allowed)
            return ApiErrors.Result(http, 413, $"The request is {http.Request.ContentLength:N0} bytes; a run takes at most {limit:N0} bytes of reports (AiLogger:Tests:MaxRunBytes).");

        var query = http.Request.Query;
        IFormCollection? form = null;
        if (http.Request.HasFormContentType)
        {
            http.Features.Set<IFormFeature>(new FormFeature(http.Request, new FormOptions { MultipartBodyLengthLimit = allowed, ValueCountLimit = 200 }));
            try
            {
                form = await http.Request.ReadFormAsync(cancellationToken);
            }
            catch (InvalidDataException error)
            {
                return ApiErrors.Result(http, error.Message.Contains("limit", StringComparison.OrdinalIgnoreCase) ? 413 : 400, $"The multipart body could not be read: {error.Message}");
            }
            catch (Exception error) when (error is BadHttpRequestException or IOException)
            {
                return ApiErrors.Result(http, 400, $"The multipart body could not be read: {error.Message}");
            }
        }
        string? Field(string name) => Empty(form?[name].ToString()) ?? Empty(query[name].ToString());

        var format = Field("format")?.ToLowerInvariant();
        if (format is not null && !TestReportFormats.IsKnown(format))
            return ApiErrors.Result(http, 400, $"'{format}' is not a report format; use junit, trx, pytest-json or cobertura (or leave it out to detect it).");
        DateTimeOffset? startedAt = null;
        if (Field("startedAt") is { } started)
        {
            if (!QueryParameters.TryReadTime(started, time.GetUtcNow(), out startedAt))
                return ApiErrors.Result(http, 400, $"'startedAt' must be an ISO 8601 time, not '{started}'.");
        }
        if (!TryReadLabels(Field("labels"), out var labels, out var labelError)) return ApiErrors.Result(http, 400, labelError);
        var metadata = new TestRunMetadata
        {
            Project = Field("project") ?? "",
            Branch = Field("branch"),
            Commit = Field("commit"),
            BuildUrl = Field("buildUrl"),
            BuildId = Field("buildId"),
            Environment = Field("environment"),
            StartedAt = startedAt,
            Labels = labels,
        };

        var files = new List<TestReportFile>();
        try
        {
            if (form is not null)
            {
                foreach (var file in form.Files)
                {
                    // A part named "coverage" is a Cobertura report whatever the run's format says.
                    var partFormat = string.Equals(file.Name, "coverage", StringComparison.OrdinalIgnoreCase) ? TestReportFormats.Cobertura : format;
                    files.Add(new TestReportFile(string.IsNullOrEmpty(file.FileName) ? file.Name : Path.GetFileName(file.FileName), file.OpenReadStream(), partFormat));
                }
                if (files.Count == 0)
                    return ApiErrors.Result(http, 400, "The form has no file; send reports as file parts (curl -F file=@TEST-results.xml -F project=my-service).");
            }
            else files.Add(new TestReportFile(Empty(query["filename"].ToString()) ?? "body", http.Request.Body, format));

            var key = http.Features.Get<ApiKeyFeature>();
            var pushed = await ingestor.IngestAsync(metadata, files, key?.ToIngestContext() ?? IngestContext.Anonymous, cancellationToken);
            var t = pushed.Totals;
            var body = new RunPushed(pushed.RunId, t.Tests, t.Passed, t.Failed, t.Errors, t.Skipped, t.Flaky, Math.Round(t.DurationMs, 3), pushed.Duplicate,
                $"{Routes.TestsPage}/runs/{pushed.RunId}");
            return TypedResults.Json(body, statusCode: pushed.Duplicate ? StatusCodes.Status200OK : StatusCodes.Status201Created);
        }
        finally
        {
            foreach (var file in files) if (form is not null) await file.Content.DisposeAsync();
        }
    }

    /// <summary><c>labels</c> as a JSON object or as <c>name=value</c> pairs separated by commas.</summary>
    private static bool TryReadLabels(string? text, out Dictionary<string, string> labels, out string error)
    {
        labels = new Dictionary<string, string>(StringComparer.Ordinal);
        error = "";
        if (text is null) return true;
        if (text.TrimStart().StartsWith('{'))
        {
            try
            {
                using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 2 });
                foreach (var property in document.RootElement.EnumerateObject())
                    labels[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
                return true;
            }
            catch (JsonException e)
            {
                error = $"'labels' is not a JSON object of names to values: {e.Message}";
                return false;
            }
        }
        foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var at = pair.IndexOf('=');
            if (at <= 0)
            {
                error = $"'labels' takes name=value pairs separated by commas (or a JSON object); '{pair}' has no name.";
                return false;
            }
            labels[pair[..at].Trim()] = pair[(at + 1)..].Trim();
        }
        return true;
    }

    private static async Task<IResult> ListRunsAsync(HttpContext http, ITestResultStore store, CancellationToken ct, string? project = null, string? branch = null, string? limit = null)
    {
        if (string.IsNullOrWhiteSpace(project)) return ApiErrors.Result(http, 400, "'project' is required: GET /api/tests/runs?project=my-service.");
        if (!QueryParameters.TryReadInt(limit, 50, 1, 1000, out var count)) return ApiErrors.Result(http, 400, "'limit' must be a whole number from 1 to 1000.");
        return TypedResults.Ok((await store.ListRunsAsync(project, branch, count, ct)).Select(RunShape.Of));
    }

    private static async Task<IResult> GetRunAsync(HttpContext http, long id, ITestResultStore store, CancellationToken ct)
    {
        var detail = await store.GetRunAsync(id, ct);
        return detail is null ? ApiErrors.Result(http, 404, $"There is no test run {id}.") : TypedResults.Ok(RunDetailShape.Of(detail));
    }

    private static async Task<IResult> GetResultAsync(HttpContext http, long id, long caseId, ITestResultStore store, CancellationToken ct)
    {
        var result = await store.GetResultAsync(id, caseId, ct);
        return result is null ? ApiErrors.Result(http, 404, $"Run {id} has no test case {caseId}.") : TypedResults.Ok(ResultShape.Of(result));
    }

    private static async Task<IResult> GetCaseAsync(HttpContext http, long id, ITestResultStore store, CancellationToken ct, string? branch = null, string? limit = null)
    {
        if (!QueryParameters.TryReadInt(limit, 100, 1, 5000, out var count)) return ApiErrors.Result(http, 400, "'limit' must be a whole number from 1 to 5000.");
        var detail = await store.GetCaseAsync(id, Empty(branch), count, ct);
        return detail is null ? ApiErrors.Result(http, 404, $"There is no test case {id}.") : TypedResults.Ok(CaseShape.Of(detail));
    }

    private static string? Empty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    public sealed record RunPushed(long RunId, int Tests, int Passed, int Failed, int Errors, int Skipped, int Flaky, double DurationMs, bool Duplicate, string Url);

    public sealed record RunShape(long Id, string Project, string? Branch, string? Commit, string? BuildUrl, string? BuildId, string? Environment,
        DateTimeOffset StartedAt, double DurationMs, int Tests, int Passed, int Failed, int Errors, int Skipped, int Flaky, double? PassRate,
        double? LineRate, double? BranchRate, IReadOnlyDictionary<string, string> Labels, IReadOnlyList<string> Files)
    {
        public static RunShape Of(TestRunSummary r) => new(r.Id, r.Project, r.Branch, r.Commit, r.BuildUrl, r.BuildId, r.Environment, r.StartedAt,
            r.Totals.DurationMs, r.Totals.Tests, r.Totals.Passed, r.Totals.Failed, r.Totals.Errors, r.Totals.Skipped, r.Totals.Flaky, r.Totals.PassRate(),
            r.LineRate, r.BranchRate, r.Labels, r.Files);
    }

    public sealed record BranchShape(string Branch, RunShape Latest, IReadOnlyList<RunShape> Recent);

    public sealed record ProjectShape(string Project, int Runs, int Flaky, IReadOnlyList<BranchShape> Branches)
    {
        public static ProjectShape Of(TestProjectSummary p) =>
            new(p.Project, p.RunCount, p.FlakyCount, p.Branches.Select(b => new BranchShape(b.Branch, RunShape.Of(b.Latest), b.Recent.Select(RunShape.Of).ToList())).ToList());
    }

    public sealed record CaseRowShape(long CaseId, string Suite, string ClassName, string Name, string Outcome, double DurationMs, bool Flaky, string? Message, int Retries);

    public sealed record GroupShape(string Message, string? TopFrame, int Count, IReadOnlyList<long> CaseIds);

    public sealed record CoverageShape(string Package, string Path, int LinesValid, int LinesCovered, double? LineRate, int BranchesValid, int BranchesCovered, double? BaseLineRate);

    public sealed record RunDetailShape(RunShape Run, RunShape? BaseRun, IReadOnlyList<long> NewFailures, IReadOnlyList<long> Fixed, IReadOnlyList<long> StillFailing,
        IReadOnlyDictionary<long, long> FailingSince, IReadOnlyList<long> Flaky, IReadOnlyList<GroupShape> FailureGroups, IReadOnlyList<CaseRowShape> Cases,
        IReadOnlyList<CoverageShape> Coverage, double? BaseLineRate, IReadOnlyList<RegressionShape> Slower)
    {
        public static RunDetailShape Of(TestRunDetail d) => new(RunShape.Of(d.Run), d.BaseRun is null ? null : RunShape.Of(d.BaseRun),
            d.Comparison.NewFailures, d.Comparison.Fixed, d.Comparison.StillFailing, d.FailingSince, d.KnownFlaky.Order().ToList(),
            d.FailureGroups.Select(g => new GroupShape(g.Message, g.TopFrame, g.CaseIds.Count, g.CaseIds)).ToList(),
            d.Cases.Select(c => new CaseRowShape(c.CaseId, c.Suite, c.ClassName, c.Name, c.Outcome.Name(), c.DurationMs, c.Flaky, c.Message, c.Retries)).ToList(),
            d.Coverage.Select(f => new CoverageShape(f.Package, f.Path, f.LinesValid, f.LinesCovered, f.LineRate, f.BranchesValid, f.BranchesCovered, f.BaseLineRate)).ToList(),
            d.BaseLineRate, d.Regressions.Values.OrderByDescending(r => r.Ratio).Select(r => new RegressionShape(r.CaseId, r.BeforeMs, r.AfterMs)).ToList());
    }

    public sealed record RegressionShape(long CaseId, double MedianBeforeMs, double MedianAfterMs);

    public sealed record AttemptShape(string Outcome, string? Message, string? Type, string? Stack, double DurationMs);

    public sealed record HistoryShape(long RunId, string? Commit, string Outcome, bool Flaky, DateTimeOffset StartedAt);

    public sealed record ResultShape(RunShape Run, long CaseId, string Suite, string ClassName, string Name, string Outcome, double DurationMs, bool Flaky,
        string? Message, string? Type, string? Stack, string? StdOut, string? StdErr, IReadOnlyList<AttemptShape> Retries, IReadOnlyList<HistoryShape> History, string? File, int? Line)
    {
        public static ResultShape Of(TestResultDetail r) => new(RunShape.Of(r.Run), r.CaseId, r.Suite, r.ClassName, r.Name, r.Outcome.Name(), r.DurationMs, r.Flaky,
            r.Message, r.FailureType, r.Stack, r.StdOut, r.StdErr, r.Retries.Select(a => new AttemptShape(a.Outcome.Name(), a.Message, a.FailureType, a.Stack, a.DurationMs)).ToList(),
            r.History.Select(h => new HistoryShape(h.RunId, h.Commit, h.Outcome.Name(), h.FlakyInRun, h.StartedAt)).ToList(), r.File, r.Line);
    }

    public sealed record VerdictShape(bool Flaky, string? Reason, int Flips, IReadOnlyList<long> EvidenceRunIds, bool Cleared, string? Commit)
    {
        public static VerdictShape Of(FlakyVerdict v) => new(v.Flaky, v.Reason switch
        {
            FlakyReason.Retry => "retry",
            FlakyReason.SameCommit => "same-commit",
            FlakyReason.Flips => "flips",
            _ => null,
        }, v.Flips, v.EvidenceRunIds, v.Cleared, v.Commit);
    }

    public sealed record CaseHistoryShape(long RunId, string? Branch, string? Commit, DateTimeOffset StartedAt, string Outcome, double DurationMs, bool Flaky, string? Message);

    public sealed record CaseShape(long Id, string Project, string ClassName, string Name, string? File, VerdictShape Verdict, IReadOnlyList<string> Branches, IReadOnlyList<CaseHistoryShape> History)
    {
        public static CaseShape Of(TestCaseDetail c) => new(c.CaseId, c.Project, c.ClassName, c.Name, c.File, VerdictShape.Of(c.Verdict), c.Branches,
            c.History.Select(h => new CaseHistoryShape(h.RunId, h.Branch, h.Commit, h.StartedAt, h.Outcome.Name(), h.DurationMs, h.Flaky, h.Message)).ToList());
    }

    public sealed record FlakyShape(long CaseId, string ClassName, string Name, string Branch, VerdictShape Verdict, IReadOnlyList<HistoryShape> Recent)
    {
        public static FlakyShape Of(FlakyTest f) => new(f.CaseId, f.ClassName, f.Name, f.Branch, VerdictShape.Of(f.Verdict),
            f.Recent.Select(h => new HistoryShape(h.RunId, h.Commit, h.Outcome.Name(), h.FlakyInRun, h.StartedAt)).ToList());
    }
}
