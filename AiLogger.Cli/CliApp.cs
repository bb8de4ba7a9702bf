using System.CommandLine;
using AiLogger.Cli.Commands;
using AiLogger.Cli.Connection;

namespace AiLogger.Cli;

/// <summary>The <c>ailogger</c> command tree and its entry point (also called in-process by the tests).</summary>
public static class CliApp
{
    public static async Task<int> RunAsync(string[] args, CliHost host, CancellationToken cancellationToken = default)
    {
        var globals = new GlobalOptions();
        var root = new RootCommand("AI-Logger from a terminal: send, tail and search logs, push test results, manage keys.");
        globals.AddTo(root);
        foreach (var command in Commands(host, globals)) root.Add(command);

        ParseResult parse;
        try
        {
            parse = root.Parse(args);
        }
        catch (InvalidOperationException error)
        {
            await host.Error.WriteLineAsync($"error: {error.Message}");
            await host.Error.WriteLineAsync("usage: see `ailogger --help`.");
            return ExitCodes.Usage;
        }
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) await host.Error.WriteLineAsync($"error: {error.Message}");
            var path = CommandPath(parse.CommandResult.Command);
            await host.Error.WriteLineAsync($"usage: {path} [options]{Arguments(parse.CommandResult.Command)} — see `{path} --help`.");
            return ExitCodes.Usage;
        }

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ConsoleCancelEventHandler? onCancel = null;
        if (ReferenceEquals(host.Out, Console.Out))
        {
            onCancel = (_, e) =>
            {
                e.Cancel = true;
                cancel.Cancel();
            };
            Console.CancelKeyPress += onCancel;
        }
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = host.Out, Error = host.Error, EnableDefaultExceptionHandler = false }, cancel.Token);
        }
        catch (CliException error)
        {
            await host.Error.WriteLineAsync($"error: {error.Message}");
            return error.ExitCode;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            return ExitCodes.Ok;
        }
        catch (IOException error)
        {
            await host.Error.WriteLineAsync($"error: {error.Message}");
            return ExitCodes.Failure;
        }
        catch (UnauthorizedAccessException error)
        {
            await host.Error.WriteLineAsync($"error: {error.Message}");
            return ExitCodes.Failure;
        }
        catch (Exception error) when (error is InvalidOperationException or FormatException or System.Text.Json.JsonException or KeyNotFoundException)
        {
            // An answer of an unexpected shape (another server, another version): one line, not a stack trace.
            await host.Error.WriteLineAsync($"error: the server's answer could not be read ({error.Message}). Is the server an AI-Logger of the same version?");
            return ExitCodes.Failure;
        }
        finally
        {
            if (onCancel is not null) Console.CancelKeyPress -= onCancel;
        }
    }

    private static IEnumerable<Command> Commands(CliHost host, GlobalOptions globals)
    {
        var run = new CommandRunner(host, globals);
        yield return ConfigCommands.Build(host);
        yield return LogCommand.Build(run);
        yield return IngestCommand.Build(run);
        yield return TailCommand.Build(run);
        yield return SearchCommands.Search(run);
        yield return SearchCommands.Count(run);
        yield return TraceCommands.Build(run);
        yield return TestCommands.Build(run);
        yield return ModelCommands.Build(run);
        yield return AdminCommands.Keys(run);
        yield return AdminCommands.Users(run);
        yield return AdminCommands.Backup(run);
    }

    private static string CommandPath(Command command)
    {
        var names = new List<string>();
        for (var symbol = (System.CommandLine.Symbol?)command; symbol is Command c; symbol = c.Parents.FirstOrDefault())
            names.Insert(0, c is RootCommand ? "ailogger" : c.Name);
        return string.Join(' ', names);
    }

    private static string Arguments(Command command) =>
        string.Concat(command.Arguments.Select(a => a.Arity.MinimumNumberOfValues > 0 ? $" <{a.Name}>" : $" [{a.Name}]"))
        + (command.Subcommands.Count > 0 ? " <command>" : "");
}

/// <summary>Runs a command's body with a <see cref="CliContext"/>; the body returns the exit code.</summary>
public sealed class CommandRunner(CliHost host, GlobalOptions globals)
{
    public CliHost Host => host;

    public void Bind(Command command, Func<CliContext, CancellationToken, Task<int>> body) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var context = new CliContext(parse, host, globals);
            return await body(context, cancellationToken);
        });
}
