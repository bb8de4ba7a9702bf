using System.CommandLine;
using AiLogger.Cli.Connection;
using AiLogger.Cli.Output;

namespace AiLogger.Cli;

/// <summary>One invocation: the parsed command line, the host, the printer and (on first use) the API client.</summary>
public sealed class CliContext(ParseResult parse, CliHost host, GlobalOptions globals) : IDisposable
{
    private ApiClient? _client;

    public ParseResult Parse { get; } = parse;

    public CliHost Host { get; } = host;

    public Printer Print { get; } = new(host, parse.GetValue(globals.NoColor) || host.Environment("NO_COLOR") is { Length: > 0 });

    public T? Value<T>(Option<T> option) => Parse.GetValue(option);

    public T? Value<T>(Argument<T> argument) => Parse.GetValue(argument);

    public ApiClient Client => _client ??= Connect();

    private ApiClient Connect()
    {
        var (server, key) = globals.Resolve(Parse, Host);
        return new ApiClient(server, key, Host.Handler);
    }

    /// <summary>The server and key without a client (for streams that build their own).</summary>
    public (Uri Server, string? ApiKey) Connection => globals.Resolve(Parse, Host);

    public void Dispose() => _client?.Dispose();
}
