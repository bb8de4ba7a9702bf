using System.Diagnostics;
using System.Text;
using System.Text.Json;
using AiLogger.Domain.Common;
using AiLogger.Domain.Imports;
using AiLogger.Domain.Ingest;
using AiLogger.Domain.Ingest.MessageTemplates;
using AiLogger.Domain.Logs;
using AiLogger.Domain.Logs.Query;
using AiLogger.Domain.ModelMonitoring;
using AiLogger.Infrastructure.Imports;
using AiLogger.Infrastructure.Ingest;
using AiLogger.Infrastructure.Ingest.Formats;
using AiLogger.Infrastructure.ModelMonitoring;
using Microsoft.Extensions.Options;

namespace AiLogger.Tests.Fuzz;

/// <summary>
/// Thousands of seeded hostile inputs per parser of user input: each answers or refuses with its own exception (the
/// one the API turns into 400/413), none throws anything else, overflows its stack or runs away with time.
/// </summary>
public sealed class ParserFuzzTests
{
    private const int Cases = 4_000;
    private static readonly TimeSpan Slowest = TimeSpan.FromSeconds(2);

    private static readonly EventReaderSettings Settings = new(Options.Create(new IngestOptions()));

    private static void Run(int seed, Action<HostileInput> parse, params Type[] refusals)
    {
        var input = new HostileInput(seed);
        for (var i = 0; i < Cases; i++)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                parse(input);
            }
            catch (Exception error) when (refusals.Any(t => t.IsInstanceOfType(error)))
            {
                Assert.False(string.IsNullOrWhiteSpace(error.Message), $"case {i} of seed {seed}: a refusal without a message");
            }
            catch (Exception error)
            {
                Assert.Fail($"case {i} of seed {seed} threw {error.GetType().Name}: {error.Message}");
            }
            Assert.True(clock.Elapsed < Slowest, $"case {i} of seed {seed} took {clock.Elapsed}");
        }
    }

    private static readonly LogEvent Sample = new()
    {
        Timestamp = DateTimeOffset.UnixEpoch, Level = LogLevel.Warning, Message = "Payment timeout after 30 s", Source = "payments",
        PropertiesJson = """{"duration_ms":812,"Request":{"Path":"/pay"},"tags":["a"]}""", Tags = ["critical"],
    };

    [Fact]
    public void Queries_parse_or_are_refused_and_what_parses_matches_in_bounded_time() =>
        Run(1, input =>
        {
            var query = LogQuery.Parse(input.Query());
            query.Matches(Sample);
            _ = query.ToString();
        }, typeof(LogQuerySyntaxException));

    [Fact]
    public void Durations_and_times_never_throw() =>
        Run(2, input =>
        {
            Durations.TryParse(input.Text(3), out _);
            JsonEventFields.TryParseTimestamp(input.Text(3), out _);
        });

    [Fact]
    public void Message_templates_render_any_template_against_any_properties() =>
        Run(3, input =>
        {
            using var properties = JsonDocument.Parse("""{"A":1,"B":"two","C":{"D":[1,2,{"E":null}]},"F":1e308}""");
            MessageTemplateRenderer.Render(MessageTemplate.Parse(input.Chance(0.5) ? input.Text(8) : input.Mutate("User {A} did {B:l} with {@C} in {F,10:0.00} ms {{literal}}")), properties.RootElement);
        });

    [Fact]
    public void Clef_and_seq_bodies_are_read_or_refused_naming_the_line() =>
        Run(4, input =>
        {
            var example = """{"@t":"2026-11-25T10:00:00Z","@mt":"Order {OrderId} by {User}","OrderId":42,"User":"alice","@l":"warning","@x":"boom"}""" + "\n" +
                          """{"@t":"2026-11-25T10:00:01.5+01:00","@m":"plain","@i":"abc","@tr":"0af7651916cd43dd8448eb211c80319c","@sp":"b7ad6b7169203331"}""";
            var reader = new SeqPayloadReader(new ClefReader(Settings), new SeqLegacyReader(Settings), Settings);
            reader.Read(input.Bytes(input.Chance(0.8) ? example : """{"Events":[{"Timestamp":"2026-11-25T10:00:00Z","Level":"Error","MessageTemplate":"x {A}","Properties":{"A":1}}]}"""), input.Chance(0.5));
        }, typeof(IngestFormatException), typeof(PayloadTooLargeException));

    [Fact]
    public void Native_json_records_are_read_or_refused_naming_the_index() =>
        Run(5, input =>
        {
            var text = input.Chance(0.5)
                ? input.Mutate("""[{"timestamp":"2026-11-25T10:00:00Z","level":"warn","message":"m","component":"c","details":{"k":[1,{"x":2}]},"tags":["t"],"trace_id":"ab"}]""")
                : input.Json();
            using var document = ParseOrRefuse(text);
            new JsonRecordReader(Settings, TimeProvider.System).Read(document.RootElement, arrayRequired: input.Chance(0.5));
        }, typeof(IngestFormatException), typeof(PayloadTooLargeException));

    [Fact]
    public void Predictions_validations_and_model_files_are_read_or_refused_naming_the_record() =>
        Run(6, input =>
        {
            var records = new ModelRecordReader(TimeProvider.System);
            var predictions = """[{"id":"img_1.jpg","predicted":"cat","confidence":0.9,"probabilities":{"cat":0.9,"dog":0.1},"features":{"b":0.2,"c":"x"},"timestamp":"2026-11-25T10:00:00Z"}]""";
            switch (input.Next(3))
            {
                case 0:
                    using (var document = ParseOrRefuse(input.Chance(0.7) ? input.Mutate(predictions) : input.Json())) records.ReadPredictions(document.RootElement);
                    break;
                case 1:
                    using (var document = ParseOrRefuse(input.Mutate("""[{"id":"img_1.jpg","actual":"dog","validatedAt":1764000000}]"""))) records.ReadValidations(document.RootElement);
                    break;
                default:
                    var csv = input.Mutate("id,predicted,confidence,timestamp,feature_brightness\nimg_1.jpg,cat,0.9,2026-11-25T10:00:00Z,0.4\n\"img,2\",\"d\"\"og\",0.2,,\n");
                    var bytes = input.Chance(0.8) ? Encoding.UTF8.GetBytes(csv) : input.Bytes(predictions);
                    new ModelFileReader(records).Read<Prediction>(input.Chance(0.5) ? "upload.csv" : null, bytes, records.ReadPrediction, records.ReadPrediction);
                    break;
            }
        }, typeof(IngestFormatException), typeof(ModelIngestException), typeof(PayloadTooLargeException));

    [Fact]
    public void Import_lines_of_every_format_become_events_or_rejected_lines() =>
        Run(7, input =>
        {
            var parsers = new ImportParsers(new JsonRecordReader(Settings, TimeProvider.System), new ClefReader(Settings), Settings, TimeProvider.System);
            var format = input.Pick(new[] { ImportFormats.Jsonl, ImportFormats.Clef, ImportFormats.Python, ImportFormats.Text });
            var parser = parsers.Create(format, new ImportFormatSettings
            {
                Format = format,
                Regex = format == ImportFormats.Text ? @"^(?<timestamp>\S+) \[(?<level>\w+)\] (?<message>.*)$" : null,
            });
            var chunk = new ImportChunk(100);
            var line = input.Mutate(input.Pick(new[]
            {
                """{"timestamp":"2026-11-25T10:00:00Z","level":"info","message":"m"}""",
                """{"@t":"2026-11-25T10:00:00Z","@mt":"x {A}","A":1}""",
                "2026-11-25 10:00:00,123 - worker.py - ERROR - failed {x}",
                "2026-11-25T10:00:00Z [warn] something happened",
                "  File \"x.py\", line 3, in <module>",
            }));
            var bytes = Encoding.UTF8.GetBytes(line);
            parser.Read(new ImportLine(bytes, 0, TooLong: input.Chance(0.05)), 1, chunk);
            parser.Flush(chunk);
        }, typeof(IngestFormatException), typeof(ImportSettingsException));

    /// <summary>What the endpoints do before a reader sees the body (bytes, as they arrive): a malformed document is a refusal too.</summary>
    private static JsonDocument ParseOrRefuse(string text)
    {
        try
        {
            return JsonDocument.Parse(Encoding.UTF8.GetBytes(text), Settings.DocumentOptions);
        }
        catch (JsonException error)
        {
            throw new IngestFormatException("invalid JSON: " + error.Message);
        }
    }
}
