using System.Buffers;
using System.Text;
using System.Text.Json;
using AiLogger.Domain.Ingest;
using AiLogger.Domain.Traces;
using AiLogger.Infrastructure.Ingest.Formats;
using AiLogger.Infrastructure.Ingest.Otlp.Proto.Collector.Trace;
using AiLogger.Infrastructure.Ingest.Otlp.Proto.Common;
using Google.Protobuf;
using ProtoSpan = AiLogger.Infrastructure.Ingest.Otlp.Proto.Trace.Span;

namespace AiLogger.Infrastructure.Ingest.Otlp;

/// <summary>
/// OTLP spans into <see cref="Span"/>s. A span with a malformed id rejects the whole request (nothing of it is
/// stored), with a message naming the span; events past <see cref="MaxEventsPerSpan"/> are dropped and counted.
/// </summary>
public sealed class OtlpTraceReader
{
    public const int MaxEventsPerSpan = 1_000;
    public const int MaxNameChars = 1_024;
    public const string UnknownService = "unknown_service";

    public List<Span> Read(ExportTraceServiceRequest request)
    {
        var spans = new List<Span>();
        using var attributes = new OtlpAttributes();
        var buffer = new ArrayBufferWriter<byte>(1024);
        using var writer = new Utf8JsonWriter(buffer, EventReaderSettings.WriterOptions);
        for (var r = 0; r < request.ResourceSpans.Count; r++)
        {
            var resourceSpans = request.ResourceSpans[r];
            var resourceAttributes = resourceSpans.Resource?.Attributes;
            var service = resourceAttributes is null ? null : OtlpAttributes.GetString(resourceAttributes, "service.name");
            if (string.IsNullOrEmpty(service)) service = UnknownService;
            var resourceJson = resourceAttributes is null ? null : attributes.ToJson(resourceAttributes);
            for (var s = 0; s < resourceSpans.ScopeSpans.Count; s++)
            {
                var scopeSpans = resourceSpans.ScopeSpans[s];
                var scope = scopeSpans.Scope?.Name is { Length: > 0 } name ? name : null;
                for (var i = 0; i < scopeSpans.Spans.Count; i++)
                {
                    var span = scopeSpans.Spans[i];
                    // Named only when something is wrong with the span.
                    var where = new Where(r, s, i);
                    spans.Add(new Span
                    {
                        TraceId = Id(span.TraceId, 16, where, "traceId") ?? throw Missing(where.ToString(), "traceId", 16),
                        SpanId = Id(span.SpanId, 8, where, "spanId") ?? throw Missing(where.ToString(), "spanId", 8),
                        ParentSpanId = Id(span.ParentSpanId, 8, where, "parentSpanId"),
                        Name = span.Name.Length == 0 ? "(unnamed)" : OtlpAttributes.Cut(span.Name, MaxNameChars),
                        Kind = Enum.IsDefined((SpanKind)(int)span.Kind) ? (SpanKind)(int)span.Kind : SpanKind.Unspecified,
                        Service = OtlpAttributes.Cut(service, MaxNameChars),
                        Scope = scope is null ? null : OtlpAttributes.Cut(scope, MaxNameChars),
                        StartUnixNano = Nanos(span.StartTimeUnixNano),
                        EndUnixNano = Math.Max(Nanos(span.EndTimeUnixNano), Nanos(span.StartTimeUnixNano)),
                        Status = span.Status is null ? SpanStatus.Unset : Enum.IsDefined((SpanStatus)(int)span.Status.Code) ? (SpanStatus)(int)span.Status.Code : SpanStatus.Unset,
                        StatusMessage = span.Status?.Message is { Length: > 0 } message ? OtlpAttributes.Cut(message, OtlpAttributes.MaxValueBytes) : null,
                        AttributesJson = attributes.ToJson(span.Attributes),
                        EventsJson = Events(span, buffer, writer),
                        LinksJson = span.Links.Count == 0 ? null : Links(span, where.ToString(), buffer, writer),
                        ResourceJson = resourceJson,
                        GenAi = GenAi(span),
                    });
                }
            }
        }
        return spans;
    }

    private readonly record struct Where(int Resource, int Scope, int Span)
    {
        public override string ToString() => $"resourceSpans[{Resource}].scopeSpans[{Scope}].spans[{Span}]";
    }

    private static string? Id(ByteString id, int bytes, Where where, string field) =>
        id.Length == bytes && id.Span.IndexOfAnyExcept((byte)0) >= 0 ? Convert.ToHexStringLower(id.Span) : id.Length == 0 ? null : Id(id, bytes, where.ToString(), field);

    /// <summary>Lower-case hex of an id, null when absent; a wrong length or an all-zero id is refused, naming the span.</summary>
    internal static string? Id(ByteString id, int bytes, string where, string field)
    {
        if (id.Length == 0) return null;
        if (id.Length != bytes)
            throw new IngestFormatException($"{where}.{field} is {id.Length} bytes; OTLP {(bytes == 16 ? "trace" : "span")} ids are {bytes} bytes ({bytes * 2} hex characters). Nothing of the request was stored.");
        var span = id.Span;
        if (span.IndexOfAnyExcept((byte)0) < 0)
            throw new IngestFormatException($"{where}.{field} is all zeros, which OTLP defines as invalid. Nothing of the request was stored.");
        return Convert.ToHexStringLower(span);
    }

    private static IngestFormatException Missing(string where, string field, int bytes) =>
        new($"{where}.{field} is missing; every span needs a {bytes}-byte {field}. Nothing of the request was stored.");

    /// <summary>OTLP's fixed64 nanoseconds, capped where a <see cref="DateTimeOffset"/> ends.</summary>
    internal static long Nanos(ulong value) => value > (ulong)SpanTime.MaxUnixNano ? SpanTime.MaxUnixNano : (long)value;

    private static string? Events(ProtoSpan span, ArrayBufferWriter<byte> buffer, Utf8JsonWriter writer)
    {
        if (span.Events.Count == 0) return null;
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        writer.WriteStartArray();
        var kept = Math.Min(span.Events.Count, MaxEventsPerSpan);
        for (var i = 0; i < kept; i++)
        {
            var e = span.Events[i];
            writer.WriteStartObject();
            writer.WriteNumber("timeUnixNano", Nanos(e.TimeUnixNano));
            writer.WriteString("name", OtlpAttributes.Cut(e.Name, MaxNameChars));
            if (e.Attributes.Count > 0)
            {
                writer.WritePropertyName("attributes");
                OtlpAttributes.WriteObject(writer, e.Attributes, depth: 1);
            }
            writer.WriteEndObject();
        }
        if (span.Events.Count > kept)
        {
            // The marker the span carries in place of the events past the limit.
            writer.WriteStartObject();
            writer.WriteNumber("timeUnixNano", Nanos(span.Events[kept].TimeUnixNano));
            writer.WriteString("name", "ailogger.events_dropped");
            writer.WriteStartObject("attributes");
            writer.WriteNumber("count", span.Events.Count - kept);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.Flush();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string? Links(ProtoSpan span, string where, ArrayBufferWriter<byte> buffer, Utf8JsonWriter writer)
    {
        if (span.Links.Count == 0) return null;
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        writer.WriteStartArray();
        for (var i = 0; i < Math.Min(span.Links.Count, MaxEventsPerSpan); i++)
        {
            var link = span.Links[i];
            writer.WriteStartObject();
            writer.WriteString("traceId", Id(link.TraceId, 16, $"{where}.links[{i}]", "traceId"));
            writer.WriteString("spanId", Id(link.SpanId, 8, $"{where}.links[{i}]", "spanId"));
            if (link.TraceState.Length > 0) writer.WriteString("traceState", OtlpAttributes.Cut(link.TraceState, MaxNameChars));
            if (link.Attributes.Count > 0)
            {
                writer.WritePropertyName("attributes");
                OtlpAttributes.WriteObject(writer, link.Attributes, depth: 1);
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.Flush();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// The model and token counts of an LLM span: the GenAI semantic conventions' (the older prompt/completion names too),
    /// else OpenInference's (<c>llm.model_name</c>, <c>llm.token_count.prompt</c>/<c>completion</c>).
    /// </summary>
    internal static GenAiUsage? GenAi(ProtoSpan span)
    {
        bool genAi = false, openInference = false;
        foreach (var kv in span.Attributes)
        {
            if (kv.Key.StartsWith("gen_ai.", StringComparison.Ordinal)) { genAi = true; break; }
            if (kv.Key.StartsWith("llm.", StringComparison.Ordinal)) openInference = true;
        }
        if (genAi)
        {
            var model = OtlpAttributes.GetString(span.Attributes, "gen_ai.response.model") ?? OtlpAttributes.GetString(span.Attributes, "gen_ai.request.model");
            var input = OtlpAttributes.GetInt(span.Attributes, "gen_ai.usage.input_tokens") ?? OtlpAttributes.GetInt(span.Attributes, "gen_ai.usage.prompt_tokens") ?? 0;
            var output = OtlpAttributes.GetInt(span.Attributes, "gen_ai.usage.output_tokens") ?? OtlpAttributes.GetInt(span.Attributes, "gen_ai.usage.completion_tokens") ?? 0;
            return Usage(model, input, output);
        }
        if (!openInference) return null;
        var name = OtlpAttributes.GetString(span.Attributes, "llm.model_name");
        var prompt = OtlpAttributes.GetInt(span.Attributes, "llm.token_count.prompt");
        var completion = OtlpAttributes.GetInt(span.Attributes, "llm.token_count.completion");
        // Only spans that name a model or count tokens: llm.* also marks chains and tools that merely pass parameters on.
        return name is null && prompt is null && completion is null ? null : Usage(name, prompt ?? 0, completion ?? 0);
    }

    private static GenAiUsage Usage(string? model, long input, long output) =>
        new(model is null ? null : OtlpAttributes.Cut(model, MaxNameChars), Math.Max(0, input), Math.Max(0, output));
}
