using System.CommandLine;

namespace AiLogger.Cli.Commands;

/// <summary><c>ailogger models predictions|validations upload &lt;model&gt; &lt;file&gt;</c> (CSV or JSON lines).</summary>
public static class ModelCommands
{
    public static Command Build(CommandRunner run)
    {
        var models = new Command("models", "Model monitoring");
        models.Add(Register(run));
        models.Add(Upload(run, "predictions", "A model's predictions (CSV with id, predicted, confidence… or JSON lines)"));
        models.Add(Upload(run, "validations", "True classes of earlier predictions (CSV with id, actual, or JSON lines)"));
        return models;
    }

    private static Command Register(CommandRunner run)
    {
        var name = new Argument<string>("model") { Description = "The model's name (letters, digits, . - _)" };
        var version = new Option<string?>("--version") { Description = "The model's version" };
        var classes = new Option<string[]>("--class") { Description = "A class the model predicts (repeatable or comma-separated); any class when none", AllowMultipleArgumentsPerToken = true };
        var description = new Option<string?>("--description");
        var register = new Command("register", "Register a model, or update its version, classes and description") { name, version, classes, description };
        run.Bind(register, async (context, cancellationToken) =>
        {
            var body = new Dictionary<string, object?> { ["name"] = context.Value(name), ["version"] = context.Value(version), ["description"] = context.Value(description) };
            if (context.Value(classes) is { Length: > 0 } given)
                body["classes"] = given.SelectMany(c => c.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();
            await context.Client.PostJsonAsync("/api/models", body, cancellationToken);
            context.Print.Line($"Model {context.Value(name)} registered.");
            return ExitCodes.Ok;
        });
        return register;
    }

    private static Command Upload(CommandRunner run, string kind, string description)
    {
        var model = new Argument<string>("model") { Description = "The model's name" };
        var file = new Argument<FileInfo>("file") { Description = ".csv, .tsv, .jsonl or .json (gzip is recognised)" };
        var json = new Option<bool>("--json") { Description = "Print the server's answer as JSON" };
        var upload = new Command("upload", description) { model, file, json };
        run.Bind(upload, async (context, cancellationToken) =>
        {
            var input = context.Value(file)!;
            if (!input.Exists) throw CliException.Failure($"{input.FullName} does not exist.");
            var name = context.Value(model)!;
            var answer = await context.Client.PostAsync($"/api/models/{Uri.EscapeDataString(name)}/{kind}/upload", () =>
            {
                var form = new MultipartFormDataContent();
                form.Add(TestCommands.File(input), "file", input.Name);
                return form;
            }, cancellationToken);
            if (context.Value(json)) context.Print.JsonLine(answer);
            else context.Print.Line($"{answer.GetProperty("ingested").GetInt32():N0} {kind} of {name} stored ({Output.Printer.Text(answer, "format")}).");
            return ExitCodes.Ok;
        });
        var group = new Command(kind, description);
        group.Add(upload);
        return group;
    }
}
