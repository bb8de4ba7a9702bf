using System.CommandLine;

namespace AiLogger.Cli.Commands;

/// <summary><c>ailogger models predictions|validations upload &lt;model&gt; &lt;file&gt;</c> (CSV or JSON lines).</summary>
public static class ModelCommands
{
    public static Command Build(CommandRunner run)
    {
        var models = new Command("models", "Model monitoring");
        models.Add(Upload(run, "predictions", "A model's predictions (CSV with id, predicted, confidence… or JSON lines)"));
        models.Add(Upload(run, "validations", "True classes of earlier predictions (CSV with id, actual, or JSON lines)"));
        return models;
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
