using Spectre.Console;
using System.CommandLine;
using System.Net.Http.Headers;
using System.Text.Json;

namespace AiLogger.Cli.Commands;

/// <summary><c>ailogger tests push &lt;files…&gt; --project …</c>: one CI run's reports to <c>POST /api/tests/runs</c>.</summary>
public static class TestCommands
{
    public static Command Build(CommandRunner run)
    {
        var tests = new Command("tests", "CI test results");
        var files = new Argument<FileInfo[]>("files") { Description = "JUnit XML, TRX, pytest-json-report or Cobertura files (one run)", Arity = ArgumentArity.OneOrMore };
        var project = new Option<string>("--project") { Description = "The project the run belongs to", Required = true };
        var branch = new Option<string?>("--branch");
        var commit = new Option<string?>("--commit");
        var buildUrl = new Option<string?>("--build-url");
        var buildId = new Option<string?>("--build-id") { Description = "The CI build's id: the same report with the same build id is stored once" };
        var environment = new Option<string?>("--environment");
        var format = new Option<string?>("--format") { Description = "junit, trx, pytest-json or cobertura (else detected)" };
        var coverage = new Option<FileInfo?>("--coverage") { Description = "A Cobertura coverage file" };
        var failOnNew = new Option<bool>("--fail-on-new-failures") { Description = "Exit 1 when a test fails that passed in the run before" };
        var json = new Option<bool>("--json") { Description = "Print the server's answer as JSON" };
        var push = new Command("push", "Push a run's reports") { files, project, branch, commit, buildUrl, buildId, environment, format, coverage, failOnNew, json };
        run.Bind(push, async (context, cancellationToken) =>
        {
            var reports = context.Value(files)!;
            foreach (var file in reports.Append(context.Value(coverage)).OfType<FileInfo>())
                if (!file.Exists) throw CliException.Failure($"{file.FullName} does not exist.");
            var query = SearchCommands.Query(("project", context.Value(project)), ("branch", context.Value(branch)), ("commit", context.Value(commit)),
                ("buildUrl", context.Value(buildUrl)), ("buildId", context.Value(buildId)), ("environment", context.Value(environment)), ("format", context.Value(format)));
            var answer = await context.Client.PostAsync("/api/tests/runs?" + query, () =>
            {
                var form = new MultipartFormDataContent();
                foreach (var file in reports) form.Add(File(file), "file", file.Name);
                if (context.Value(coverage) is { } cov) form.Add(File(cov), "coverage", cov.Name);
                return form;
            }, cancellationToken);

            var runId = answer.GetProperty("runId").GetInt64();
            JsonElement? detail = null;
            if (context.Value(failOnNew) || !context.Value(json))
                detail = await context.Client.GetAsync($"/api/tests/runs/{runId}", cancellationToken);
            var newFailures = detail?.GetProperty("newFailures").GetArrayLength() ?? 0;
            if (context.Value(json)) context.Print.JsonLine(answer);
            else
            {
                var url = new Uri(context.Client.Server, answer.GetProperty("url").GetString());
                context.Print.Out.MarkupLineInterpolated(
                    $"Run [bold]{runId}[/]{(answer.GetProperty("duplicate").GetBoolean() ? " (already stored)" : "")}: {Int(answer, "tests"):N0} tests, [green]{Int(answer, "passed"):N0} passed[/], [red]{Int(answer, "failed") + Int(answer, "errors"):N0} failed[/], {Int(answer, "skipped"):N0} skipped, {Int(answer, "flaky"):N0} flaky; {newFailures:N0} new failures.");
                context.Print.Out.MarkupLineInterpolated($"[link]{url}[/]");
            }
            if (context.Value(failOnNew) && newFailures > 0)
            {
                context.Print.Note($"{newFailures} tests fail that passed in the run before (--fail-on-new-failures).");
                return ExitCodes.Failure;
            }
            return ExitCodes.Ok;
        });
        tests.Add(push);
        return tests;
    }

    private static int Int(JsonElement answer, string name) => answer.GetProperty(name).GetInt32();

    public static StreamContent File(FileInfo file)
    {
        var content = new StreamContent(file.OpenRead());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return content;
    }
}
