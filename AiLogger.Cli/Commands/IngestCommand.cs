using System.CommandLine;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Spectre.Console;

namespace AiLogger.Cli.Commands;

/// <summary>
/// <c>ailogger ingest [files…]</c>: lines of log files (or standard input) sent in batches to
/// <c>POST /api/logs/lines</c>, which reads them as the import feature reads files.
/// </summary>
public static class IngestCommand
{
    /// <summary>Under the server's default body limit of 10 MB.</summary>
    private const int MaxBatchBytes = 8 << 20;

    /// <summary>Batches in flight at once for formats whose events are single lines.</summary>
    private const int Pipeline = 2;

    public static Command Build(CommandRunner run)
    {
        var files = new Argument<FileInfo[]>("files") { Description = "Files to read (gzip is recognised); standard input when none", Arity = ArgumentArity.ZeroOrMore };
        var format = new Option<string>("--format", "-f")
        {
            Description = "auto, jsonl, clef, python or text (text needs --pattern)",
            DefaultValueFactory = _ => "auto",
        };
        format.AcceptOnlyFromAmong("auto", "jsonl", "json", "clef", "python", "text");
        var pattern = new Option<string?>("--pattern") { Description = "A regular expression with named groups message (required), timestamp, level, source; implies --format text" };
        var source = new Option<string?>("--source") { Description = "The source of lines that name none" };
        var timeZone = new Option<string?>("--time-zone") { Description = "IANA time zone of timestamps without an offset (default UTC)" };
        var properties = Properties.Option("A property added to every event (repeatable)");
        var batchSize = new Option<int>("--batch-size") { Description = "Lines per request", DefaultValueFactory = _ => 10_000 };
        var invalid = new Option<string>("--invalid-data") { Description = "fail: stop at the first unreadable line; skip: store the rest and list what was left out", DefaultValueFactory = _ => "fail" };
        invalid.AcceptOnlyFromAmong("fail", "skip");
        var json = new Option<bool>("--json") { Description = "Print the summary as JSON" };

        var command = new Command("ingest", "Send the lines of log files (JSON lines, CLEF, Python logging or text with --pattern)")
        {
            files, format, pattern, source, timeZone, properties, batchSize, invalid, json,
        };
        run.Bind(command, async (context, cancellationToken) =>
        {
            var settings = new Settings(
                context.Value(pattern) is not null ? "text" : context.Value(format)!,
                context.Value(pattern), context.Value(source), context.Value(timeZone),
                Properties.Read(context.Value(properties)), context.Value(batchSize), context.Value(invalid) == "skip");
            if (settings.BatchSize is < 1 or > 100_000) throw CliException.Usage("--batch-size must lie between 1 and 100000.");
            if (settings.Format == "text" && settings.Pattern is null) throw CliException.Usage("--format text needs --pattern.");
            var inputs = context.Value(files) ?? [];
            foreach (var file in inputs)
                if (!file.Exists) throw CliException.Failure($"{file.FullName} does not exist.");

            var clock = Stopwatch.StartNew();
            var totals = new Totals();
            if (inputs.Length == 0)
                await SendAsync(context, "standard input", context.Host.OpenInput(), settings, totals, _ => { }, cancellationToken);
            else if (context.Print.Interactive)
            {
                await context.Print.Error.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
                    .StartAsync(async progress =>
                    {
                        foreach (var file in inputs)
                        {
                            var task = progress.AddTask(Markup.Escape(file.Name), maxValue: Math.Max(1, file.Length));
                            await SendAsync(context, file.Name, file.OpenRead(), settings, totals, done => task.Value = done, cancellationToken);
                            task.Value = task.MaxValue;
                        }
                    });
            }
            else
                foreach (var file in inputs)
                    await SendAsync(context, file.Name, file.OpenRead(), settings, totals, _ => { }, cancellationToken);

            var seconds = clock.Elapsed.TotalSeconds;
            if (context.Value(json))
                context.Print.JsonLine(new { lines = totals.Lines, ingested = totals.Ingested, rejected = totals.Rejected, seconds = Math.Round(seconds, 3) });
            else
            {
                var rate = seconds > 0 ? totals.Lines / seconds : 0;
                context.Print.Note($"Read {totals.Lines:N0} lines, stored {totals.Ingested:N0} events, {totals.Rejected:N0} lines rejected, in {seconds:0.0} s ({rate:N0} lines/s).");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private sealed record Settings(string Format, string? Pattern, string? Source, string? TimeZone, Dictionary<string, string> Properties, int BatchSize, bool Skip);

    private sealed class Totals
    {
        public long Lines;
        public long Ingested;
        public long Rejected;
    }

    private sealed record Answer(int Ingested, string Format, long LinesRead, long Rejected, int HeldLines, JsonElement Errors);

    private static async Task SendAsync(CliContext context, string name, Stream raw, Settings settings, Totals totals, Action<long> progress,
        CancellationToken cancellationToken)
    {
        await using var _ = raw;
        var batcher = LineBatcher.Open(raw, settings.BatchSize, MaxBatchBytes, out var counting);
        var format = settings.Format == "json" ? "jsonl" : settings.Format;
        long firstLine = 1;
        var inFlight = new Queue<(Task<Answer> Answer, long Consumed)>();

        while (await batcher.NextAsync(cancellationToken) is { } batch)
        {
            // Multi-line formats (and the first batch of auto) go one at a time: the next batch starts with the held lines.
            var pipelined = format is "jsonl" or "clef";
            var request = PostAsync(context, name, batch, format, firstLine, settings, cancellationToken);
            if (!pipelined)
            {
                var answer = await request;
                Count(context, name, answer, totals);
                format = answer.Format;
                batcher.Carry(batch, answer.HeldLines);
                firstLine += batch.Lines - answer.HeldLines;
                totals.Lines += batch.Lines - answer.HeldLines;
                progress(counting.Position);
                continue;
            }
            inFlight.Enqueue((request, counting.Position));
            firstLine += batch.Lines;
            totals.Lines += batch.Lines;
            if (inFlight.Count >= Pipeline) await DrainOneAsync();
        }
        while (inFlight.Count > 0) await DrainOneAsync();

        async Task DrainOneAsync()
        {
            var (request, consumed) = inFlight.Dequeue();
            try
            {
                Count(context, name, await request, totals);
            }
            catch
            {
                // Let the batch sent after the failed one finish before saying what was stored.
                foreach (var other in inFlight)
                    try
                    {
                        Count(context, name, await other.Answer, totals);
                    }
                    catch (CliException)
                    {
                    }
                throw;
            }
            progress(consumed);
        }
    }

    private const int SkippedShown = 20;

    private static void Count(CliContext context, string name, Answer answer, Totals totals)
    {
        totals.Ingested += answer.Ingested;
        if (answer.Rejected > 0 && answer.Errors.ValueKind == JsonValueKind.Array)
            foreach (var error in answer.Errors.EnumerateArray())
            {
                if (totals.Rejected++ >= SkippedShown) continue;
                context.Host.Error.WriteLine($"{name}:{error.GetProperty("line").GetInt64()}: skipped: {error.GetProperty("reason").GetString()}");
            }
        totals.Rejected += answer.Rejected - (answer.Errors.ValueKind == JsonValueKind.Array ? answer.Errors.GetArrayLength() : 0);
    }

    private static async Task<Answer> PostAsync(CliContext context, string name, LineBatch batch, string format, long firstLine, Settings settings, CancellationToken cancellationToken)
    {
        var query = new List<string>
        {
            "format=" + Uri.EscapeDataString(format),
            "firstLine=" + firstLine,
            "final=" + (batch.Final ? "true" : "false"),
            "invalid=" + (settings.Skip ? "skip" : "fail"),
        };
        if (settings.Pattern is not null) query.Add("pattern=" + Uri.EscapeDataString(settings.Pattern));
        if (settings.Source is not null) query.Add("source=" + Uri.EscapeDataString(settings.Source));
        if (settings.TimeZone is not null) query.Add("timeZone=" + Uri.EscapeDataString(settings.TimeZone));
        foreach (var (key, value) in settings.Properties) query.Add("property=" + Uri.EscapeDataString($"{key}={value}"));
        JsonElement answer;
        try
        {
            answer = await context.Client.PostAsync("/api/logs/lines?" + string.Join('&', query), () =>
            {
                var content = new ReadOnlyMemoryContent(batch.Content);
                content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
                return content;
            }, cancellationToken);
        }
        catch (CliException refused) when (refused.ExitCode == ExitCodes.Failure)
        {
            throw CliException.Failure(name + ": " + refused.Message.Replace("send invalid=skip", "pass --invalid-data skip", StringComparison.Ordinal));
        }
        return new Answer(
            answer.GetProperty("ingested").GetInt32(), answer.GetProperty("format").GetString()!, answer.GetProperty("linesRead").GetInt64(),
            answer.GetProperty("rejected").GetInt64(), answer.GetProperty("heldLines").GetInt32(),
            answer.TryGetProperty("errors", out var errors) ? errors : default);
    }
}
