using System.CommandLine;
using System.Net;
using System.Text;
using System.Text.Json;
using AiLogger.Cli.Connection;

namespace AiLogger.Cli.Commands;

/// <summary>
/// <c>ailogger tail [query]</c>: follows <c>GET /api/logs/stream</c> (Server-Sent Events). When the connection drops
/// it reconnects with <c>Last-Event-ID</c>, and the server sends what was stored meanwhile first: no gap, no duplicate.
/// </summary>
public static class TailCommand
{
    private static readonly TimeSpan MaxBackOff = TimeSpan.FromSeconds(5);

    public static Command Build(CommandRunner run)
    {
        var query = new Argument<string?>("query") { Description = "A query (see docs/query-language.md); every event when empty", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "One event per line as JSON (NDJSON)" };
        var command = new Command("tail", "Follow events as they are stored") { query, json };
        run.Bind(command, async (context, cancellationToken) =>
        {
            var (server, key) = context.Connection;
            using var client = new ApiClient(server, key, context.Host.Handler, Timeout.InfiniteTimeSpan);
            var path = "/api/logs/stream?q=" + Uri.EscapeDataString(context.Value(query) ?? "");
            var asJson = context.Value(json);
            string? lastId = null;
            var backOff = TimeSpan.FromMilliseconds(250);
            var connectedOnce = false;
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    var request = new HttpRequestMessage(HttpMethod.Get, path);
                    request.Headers.Accept.ParseAdd("text/event-stream");
                    if (lastId is not null) request.Headers.Add("Last-Event-ID", lastId);
                    using var response = await client.OpenAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                    if (!response.IsSuccessStatusCode)
                    {
                        var body = await response.Content.ReadAsStringAsync(cancellationToken);
                        // A refused key or query will not get better by retrying; a server starting up will.
                        if (response.StatusCode is not (HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout))
                            throw client.Refusal(response, body);
                        throw new CliException(ExitCodes.Unreachable, $"The server answered {(int)response.StatusCode}.") { Connection = true };
                    }
                    if (connectedOnce) context.Print.Note("Reconnected.");
                    else context.Print.Note($"Following {server} (Ctrl+C stops).");
                    connectedOnce = true;
                    backOff = TimeSpan.FromMilliseconds(250);
                    await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
                    await foreach (var message in ReadEventsAsync(stream, cancellationToken))
                    {
                        if (message.Event == "missed")
                        {
                            context.Print.Note($"The stream went faster than this terminal: {message.Data} events were skipped.");
                            continue;
                        }
                        if (message.Id is not null) lastId = message.Id;
                        if (message.Data.Length == 0) continue;
                        if (asJson)
                        {
                            context.Host.Out.Write(message.Data);
                            context.Host.Out.Write('\n');
                        }
                        else
                        {
                            using var document = JsonDocument.Parse(message.Data);
                            context.Print.Event(document.RootElement);
                        }
                        await context.Host.Out.FlushAsync(cancellationToken);
                    }
                    if (!cancellationToken.IsCancellationRequested) context.Print.Note("The server closed the stream; reconnecting…");
                }
                catch (CliException unreachable) when (unreachable.Connection && connectedOnce)
                {
                    context.Print.Note($"{unreachable.Message} Retrying in {backOff.TotalSeconds:0.##} s…");
                }
                catch (Exception lost) when (lost is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
                {
                    // The stream broke mid-way (the server stopped): resume from the last id.
                    context.Print.Note($"The connection was lost; retrying in {backOff.TotalSeconds:0.##} s…");
                }
                await Task.Delay(backOff, cancellationToken);
                backOff = TimeSpan.FromTicks(Math.Min(MaxBackOff.Ticks, backOff.Ticks * 2));
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    public sealed record ServerSentEvent(string? Id, string? Event, string Data);

    /// <summary>Server-Sent Events as the HTML specification frames them (comments and retry lines ignored).</summary>
    public static async IAsyncEnumerable<ServerSentEvent> ReadEventsAsync(Stream stream, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        string? id = null, name = null;
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Length > 0 || name is not null)
                    yield return new ServerSentEvent(id, name, data.ToString());
                id = null;
                name = null;
                data.Clear();
                continue;
            }
            if (line[0] == ':') continue;
            var colon = line.IndexOf(':');
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "id": id = value; break;
                case "event": name = value; break;
                case "data":
                    if (data.Length > 0) data.Append('\n');
                    data.Append(value);
                    break;
            }
        }
    }
}
