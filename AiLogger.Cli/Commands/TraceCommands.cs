using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using AiLogger.Cli.Output;

namespace AiLogger.Cli.Commands;

/// <summary><c>ailogger traces list [query]</c> and <c>ailogger traces show &lt;id&gt;</c> (an indented tree with durations).</summary>
public static class TraceCommands
{
    public static Command Build(CommandRunner run)
    {
        var traces = new Command("traces", "List traces and show one as a tree");

        var query = new Argument<string?>("query") { Description = "A span query (service:checkout, duration>500ms, status:error, has:gen_ai)", Arity = ArgumentArity.ZeroOrOne };
        var from = SearchCommands.From();
        var to = SearchCommands.To();
        var limit = new Option<int>("--limit", "-n") { Description = "Traces to list (1–1000)", DefaultValueFactory = _ => 50 };
        var json = new Option<bool>("--json") { Description = "One trace per line as JSON" };
        var list = new Command("list", "Traces newest first") { query, from, to, limit, json };
        run.Bind(list, async (context, cancellationToken) =>
        {
            var answer = await context.Client.GetAsync("/api/traces?" + SearchCommands.Query(("q", context.Value(query)), ("from", context.Value(from)),
                ("to", context.Value(to)), ("limit", context.Value(limit).ToString(CultureInfo.InvariantCulture))), cancellationToken);
            var items = answer.GetProperty("traces");
            if (context.Value(json))
            {
                foreach (var t in items.EnumerateArray()) context.Print.JsonLine(t);
                return ExitCodes.Ok;
            }
            if (items.GetArrayLength() == 0)
            {
                context.Print.Note("No trace matches. Send spans over OTLP (docs/traces.md), or widen --from.");
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumns("trace", "root", "service", "start", "duration", "spans", "errors");
            table.Columns[4].RightAligned();
            table.Columns[5].RightAligned();
            table.Columns[6].RightAligned();
            foreach (var t in items.EnumerateArray())
            {
                var errors = t.GetProperty("errorCount").GetInt32();
                table.AddRow(
                    new Text(Printer.Text(t, "traceId") ?? ""), new Text(Printer.Text(t, "rootName") ?? ""), new Text(Printer.Text(t, "rootService") ?? ""),
                    new Text(Printer.Time(t, "startTime")), new Text(Printer.Duration(t.GetProperty("durationMs").GetDouble())),
                    new Text(t.GetProperty("spanCount").GetInt32().ToString("N0", CultureInfo.InvariantCulture)),
                    errors > 0 ? new Markup($"[red]{errors}[/]") : new Text("0"));
            }
            context.Print.Table(table);
            return ExitCodes.Ok;
        });

        var id = new Argument<string>("trace-id") { Description = "32 hex characters" };
        var showJson = new Option<bool>("--json") { Description = "The server's answer as JSON" };
        var show = new Command("show", "One trace as an indented tree of spans with their durations") { id, showJson };
        run.Bind(show, async (context, cancellationToken) =>
        {
            var traceId = context.Value(id)!.Trim();
            var trace = await context.Client.GetAsync("/api/traces/" + Uri.EscapeDataString(traceId), cancellationToken);
            if (context.Value(showJson))
            {
                context.Print.JsonLine(trace);
                return ExitCodes.Ok;
            }
            var spans = trace.GetProperty("spans").EnumerateArray().ToList();
            var ids = spans.Select(s => Printer.Text(s, "spanId")).ToHashSet();
            var children = spans.ToLookup(s => Printer.Text(s, "parentSpanId") is { } parent && ids.Contains(parent) ? parent : null);
            var start = spans.Count == 0 ? DateTimeOffset.MinValue : spans.Min(s => s.GetProperty("startTime").GetDateTimeOffset());
            var total = spans.Count == 0 ? 0 : spans.Max(s => s.GetProperty("endTime").GetDateTimeOffset()).Subtract(start).TotalMilliseconds;
            var tree = new Tree(new Markup($"[bold]trace {Markup.Escape(traceId)}[/] [grey]{spans.Count:N0} spans, {Printer.Duration(total)}[/]"));
            foreach (var root in Ordered(children[null])) Add(tree.AddNode(Node(root, start)), root, 0);
            context.Print.Out.Write(tree);
            if (trace.TryGetProperty("truncated", out var truncated) && truncated.ValueKind == JsonValueKind.True)
                context.Print.Note("The trace has more spans than the server returns; the tree shows the first ones.");
            return ExitCodes.Ok;

            void Add(TreeNode node, JsonElement span, int depth)
            {
                if (depth > 200) return;
                foreach (var child in Ordered(children[Printer.Text(span, "spanId")])) Add(node.AddNode(Node(child, start)), child, depth + 1);
            }
        });

        traces.Add(list);
        traces.Add(show);
        return traces;
    }

    private static IEnumerable<JsonElement> Ordered(IEnumerable<JsonElement> spans) => spans.OrderBy(s => s.GetProperty("startTime").GetDateTimeOffset());

    private static Markup Node(JsonElement span, DateTimeOffset traceStart)
    {
        var offset = span.GetProperty("startTime").GetDateTimeOffset().Subtract(traceStart).TotalMilliseconds;
        var failed = Printer.Text(span, "status") == "error";
        var name = Markup.Escape(Printer.Text(span, "name") ?? "");
        var service = Markup.Escape(Printer.Text(span, "service") ?? "");
        var duration = Printer.Duration(span.GetProperty("durationMs").GetDouble());
        var genAi = span.TryGetProperty("genAi", out var g) && g.ValueKind == JsonValueKind.Object ? GenAi(g) : "";
        return new Markup($"{(failed ? "[red]" : "")}{name}{(failed ? " ✗[/]" : "")} [grey]{service}[/] [bold]{duration}[/] [grey]+{Printer.Duration(offset)}[/]{genAi}");
    }

    private static string GenAi(JsonElement g)
    {
        var model = g.TryGetProperty("models", out var models) && models.ValueKind == JsonValueKind.Array && models.GetArrayLength() > 0
            ? models[0].GetString() : null;
        var input = Printer.Text(g, "inputTokens");
        var output = Printer.Text(g, "outputTokens");
        return model is null && input is null ? "" : $" [deepskyblue1]{Markup.Escape(model ?? "")} {input ?? "?"}→{output ?? "?"} tokens[/]";
    }
}
