using System.CommandLine;

namespace AiLogger.Cli.Commands;

/// <summary><c>ailogger log "message" -l warning -p Key=Value --source svc</c>: one event.</summary>
public static class LogCommand
{
    public static Command Build(CommandRunner run)
    {
        var message = new Argument<string>("message") { Description = "The event's message" };
        var level = new Option<string>("--level", "-l") { Description = "verbose, debug, information, warning, error or fatal", DefaultValueFactory = _ => "information" };
        var properties = Properties.Option("A property of the event (repeatable)");
        var source = new Option<string?>("--source") { Description = "The event's source (application, service)" };
        var exception = new Option<string?>("--exception", "-x") { Description = "Exception text" };
        var command = new Command("log", "Send one event") { message, level, properties, source, exception };
        run.Bind(command, async (context, cancellationToken) =>
        {
            var details = Properties.Read(context.Value(properties)).ToDictionary(p => p.Key, p => Properties.Typed(p.Value));
            var body = new Dictionary<string, object?>
            {
                ["message"] = context.Value(message),
                ["level"] = context.Value(level),
                ["details"] = details,
            };
            if (context.Value(source) is { } s) body["source"] = s;
            if (context.Value(exception) is { } x) body["exception"] = x;
            await context.Client.PostJsonAsync("/api/logs", body, cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }
}
