using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace AiLogger.Cli.Commands;

/// <summary><c>ailogger search</c> (follows the cursors) and <c>ailogger count</c> (aggregates).</summary>
public static class SearchCommands
{
    private const int PageSize = 1000;

    public static Option<string?> From() => new("--from") { Description = "Start: an ISO 8601 time or a duration ago (1h, 7d)" };

    public static Option<string?> To() => new("--to") { Description = "End (exclusive): an ISO 8601 time or a duration ago" };

    public static string Query(params (string Name, string? Value)[] parameters) =>
        string.Join('&', parameters.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}"));

    public static Command Search(CommandRunner run)
    {
        var query = new Argument<string?>("query") { Description = "A query (see docs/query-language.md)", Arity = ArgumentArity.ZeroOrOne };
        var from = From();
        var to = To();
        var limit = new Option<int>("--limit", "-n") { Description = "Events to print at most, newest first", DefaultValueFactory = _ => 100 };
        var json = new Option<bool>("--json") { Description = "One event per line as JSON (NDJSON)" };
        var command = new Command("search", "Find stored events, newest first") { query, from, to, limit, json };
        run.Bind(command, async (context, cancellationToken) =>
        {
            var wanted = context.Value(limit);
            if (wanted < 1) throw CliException.Usage("--limit must be at least 1.");
            var asJson = context.Value(json);
            string? before = null;
            var printed = 0;
            Table? table = asJson ? null : new Table().AddColumns("time", "level", "source", "message");
            while (printed < wanted)
            {
                var path = "/api/logs/search?" + Query(("q", context.Value(query)), ("from", context.Value(from)), ("to", context.Value(to)),
                    ("limit", Math.Min(PageSize, wanted - printed).ToString(CultureInfo.InvariantCulture)), ("before", before));
                var page = await context.Client.GetAsync(path, cancellationToken);
                foreach (var e in page.GetProperty("events").EnumerateArray())
                {
                    printed++;
                    if (asJson) context.Print.JsonLine(e);
                    else
                    {
                        var level = Output.Printer.Text(e, "level");
                        table!.AddRow(
                            new Markup(Markup.Escape(Output.Printer.Time(e, "timestamp"))),
                            new Markup($"[{Output.Printer.LevelStyle(level)}]{Output.Printer.LevelShort(level)}[/]"),
                            new Markup(Markup.Escape(Output.Printer.Text(e, "source") ?? "")),
                            new Markup(Markup.Escape(Output.Printer.Text(e, "message") ?? "")));
                    }
                }
                before = page.TryGetProperty("next", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
                if (before is null) break;
            }
            if (table is not null)
            {
                if (printed == 0) context.Print.Note("No event matches. Widen --from, or check the query with `ailogger count`.");
                else context.Print.Table(table);
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Count(CommandRunner run)
    {
        var query = new Argument<string?>("query") { Description = "A query; every event when empty", Arity = ArgumentArity.ZeroOrOne };
        var by = new Option<string?>("--by") { Description = "Count per level, source, type, tag or a property name" };
        var interval = new Option<string?>("--interval") { Description = "Count per time bucket: 30s, 5m, 1h, 1d or auto" };
        var from = From();
        var to = To();
        var csv = new Option<bool>("--csv") { Description = "Print CSV" };
        var json = new Option<bool>("--json") { Description = "Print the server's answer as JSON" };
        var command = new Command("count", "Count events, by a field or over time") { query, by, interval, from, to, csv, json };
        run.Bind(command, async (context, cancellationToken) =>
        {
            var path = "/api/logs/aggregate?" + Query(("q", context.Value(query)), ("from", context.Value(from)), ("to", context.Value(to)),
                ("groupBy", context.Value(by)), ("interval", context.Value(interval)));
            var answer = await context.Client.GetAsync(path, cancellationToken);
            if (context.Value(json))
            {
                context.Print.JsonLine(answer);
                return ExitCodes.Ok;
            }
            var rows = new List<string[]>();
            string[] header;
            if (context.Value(interval) is not null && answer.TryGetProperty("histogram", out var histogram) && histogram.ValueKind == JsonValueKind.Array)
            {
                header = ["start", "count"];
                rows.AddRange(histogram.EnumerateArray().Select(b => new[] { Output.Printer.Time(b, "start"), Number(b.GetProperty("count")) }));
            }
            else if (context.Value(by) is not null && answer.TryGetProperty("groups", out var groups) && groups.ValueKind == JsonValueKind.Array)
            {
                header = [context.Value(by)!, "count"];
                rows.AddRange(groups.EnumerateArray().Select(g => new[] { Output.Printer.Text(g, "key") ?? "(none)", Number(g.GetProperty("count")) }));
            }
            else
            {
                header = ["total"];
                rows.Add([Number(answer.GetProperty("total"))]);
            }

            if (context.Value(csv))
            {
                context.Print.Line(string.Join(',', header.Select(Csv)));
                foreach (var row in rows) context.Print.Line(string.Join(',', row.Select(Csv)));
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumns(header.Select(h => Markup.Escape(h)).ToArray());
            table.Columns[^1].RightAligned();
            foreach (var row in rows) table.AddRow(row.Select(Markup.Escape).ToArray());
            context.Print.Table(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Number(JsonElement value) => value.GetRawText();

    private static string Csv(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
