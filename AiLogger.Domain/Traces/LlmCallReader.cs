using System.Text.Json;

namespace AiLogger.Domain.Traces;

/// <summary>
/// Builds an <see cref="LlmCall"/> from a span. The span's main convention is read first; the other fills what it left
/// empty (some instrumentations write both).
/// </summary>
internal static class LlmCallReader
{
    private static readonly string[] FirstTokenMarkers = ["first_token", "first_chunk", "ttft"];

    public static LlmCall? Read(Span span)
    {
        using var attributesDocument = LlmJson.ParseStored(span.AttributesJson, JsonValueKind.Object);
        using var eventsDocument = LlmJson.ParseStored(span.EventsJson, JsonValueKind.Array);
        var attributes = attributesDocument?.RootElement ?? default;
        var events = eventsDocument is null ? [] : eventsDocument.RootElement.EnumerateArray().Take(2_000).Where(e => e.ValueKind == JsonValueKind.Object).ToList();

        bool openInferenceKind = false, openInference = false, genAi = false;
        foreach (var (key, _) in LlmJson.Members(attributes))
        {
            if (key.StartsWith("gen_ai.", StringComparison.Ordinal)) genAi = true;
            else if (key == "openinference.span.kind") openInferenceKind = openInference = true;
            else if (key.StartsWith("llm.", StringComparison.Ordinal)) openInference = true;
        }
        if (!genAi) genAi = events.Any(e => EventName(e)?.StartsWith("gen_ai.", StringComparison.Ordinal) == true);
        if (!genAi && !openInference) return null;

        var call = new Builder();
        var main = openInferenceKind || !genAi ? LlmConventions.OpenInference : LlmConventions.GenAi;
        if (main == LlmConventions.OpenInference)
        {
            ReadOpenInference(attributes, call);
            if (genAi) ReadGenAi(attributes, events, call);
        }
        else
        {
            ReadGenAi(attributes, events, call);
            if (openInference) ReadOpenInference(attributes, call);
        }
        call.SentCost = LlmJson.Decimal(LlmJson.Get(attributes, "llm.cost.total")) is { } cost and >= 0 ? cost : null;
        call.TimeToFirstTokenMs ??= FirstTokenEvent(span, events);
        return call.Build(main);
    }

    private static void ReadGenAi(JsonElement a, List<JsonElement> events, Builder call)
    {
        call.Operation ??= LlmJson.Text(a, "gen_ai.operation.name");
        call.Provider ??= LlmJson.Text(a, "gen_ai.provider.name") ?? LlmJson.Text(a, "gen_ai.system");
        call.RequestModel ??= LlmJson.Text(a, "gen_ai.request.model");
        call.ResponseModel ??= LlmJson.Text(a, "gen_ai.response.model");
        call.InputTokens ??= LlmJson.Long(LlmJson.Get(a, "gen_ai.usage.input_tokens") ?? LlmJson.Get(a, "gen_ai.usage.prompt_tokens"));
        call.OutputTokens ??= LlmJson.Long(LlmJson.Get(a, "gen_ai.usage.output_tokens") ?? LlmJson.Get(a, "gen_ai.usage.completion_tokens"));
        call.CachedInputTokens ??= LlmJson.Long(LlmJson.Get(a, "gen_ai.usage.cache_read.input_tokens") ?? LlmJson.Get(a, "gen_ai.usage.cache_read_input_tokens"));
        call.TotalTokens ??= LlmJson.Long(LlmJson.Get(a, "gen_ai.usage.total_tokens"));
        if (LlmJson.Get(a, "gen_ai.response.finish_reasons") is { } reasons) call.AddFinishReasons(reasons);
        if (LlmJson.Double(LlmJson.Get(a, "gen_ai.server.time_to_first_token") ?? LlmJson.Get(a, "gen_ai.response.time_to_first_chunk")) is { } seconds and >= 0)
            call.TimeToFirstTokenMs ??= seconds * 1000;
        if (LlmJson.Get(a, "gen_ai.system_instructions") is { } instructions) call.SystemInstructions ??= LlmMessageReader.Instructions(instructions);

        if (call.Input.Count == 0)
        {
            if (LlmJson.Get(a, "gen_ai.input.messages") is { } input) call.Input = LlmMessageReader.Read(input, "user", ref call.Skipped);
            else if (LlmJson.Get(a, "gen_ai.prompt") is { } prompt) call.Input = LlmMessageReader.Read(prompt, "user", ref call.Skipped);
            else call.Input = Flattened(a, "gen_ai.prompt.", "", "user", ref call.Skipped);
        }
        if (call.Output.Count == 0)
        {
            if (LlmJson.Get(a, "gen_ai.output.messages") is { } output) call.Output = LlmMessageReader.Read(output, "assistant", ref call.Skipped);
            else if (LlmJson.Get(a, "gen_ai.completion") is { } completion) call.Output = LlmMessageReader.Read(completion, "assistant", ref call.Skipped);
            else call.Output = Flattened(a, "gen_ai.completion.", "", "assistant", ref call.Skipped);
        }
        ReadGenAiEvents(events, call);
    }

    /// <summary>The older span events: whole prompts and completions, or one event per message.</summary>
    private static void ReadGenAiEvents(List<JsonElement> events, Builder call)
    {
        var input = new List<LlmMessage>();
        var output = new List<LlmMessage>();
        var skipped = 0;
        foreach (var e in events)
        {
            var name = EventName(e);
            if (name is null || !name.StartsWith("gen_ai.", StringComparison.Ordinal)) continue;
            var attributes = LlmJson.Get(e, "attributes") ?? default;
            // A log-shaped event keeps its content in a body; a span event in its attributes.
            var body = LlmJson.Get(attributes, "body") ?? LlmJson.Get(attributes, "event.body") ?? attributes;
            switch (name)
            {
                case "gen_ai.content.prompt":
                    if (LlmJson.Get(attributes, "gen_ai.prompt") is { } prompt)
                        foreach (var m in LlmMessageReader.Read(prompt, "user", ref skipped)) LlmMessageReader.Add(input, m, ref skipped);
                    break;
                case "gen_ai.content.completion":
                    if (LlmJson.Get(attributes, "gen_ai.completion") is { } completion)
                        foreach (var m in LlmMessageReader.Read(completion, "assistant", ref skipped)) LlmMessageReader.Add(output, m, ref skipped);
                    break;
                case "gen_ai.system.message" or "gen_ai.user.message" or "gen_ai.assistant.message" or "gen_ai.tool.message":
                    var role = name["gen_ai.".Length..name.IndexOf(".message", StringComparison.Ordinal)];
                    LlmMessageReader.Add(input, EventMessage(body, attributes, role), ref skipped);
                    break;
                case "gen_ai.choice":
                    var choice = EventMessage(body, attributes, "assistant");
                    LlmMessageReader.Add(output, choice, ref skipped);
                    if (choice?.FinishReason is { } reason) call.AddFinishReason(reason);
                    break;
            }
        }
        if (call.Input.Count == 0 && input.Count > 0) call.Input = input;
        if (call.Output.Count == 0 && output.Count > 0) call.Output = output;
        call.Skipped += skipped;
    }

    private static LlmMessage? EventMessage(JsonElement body, JsonElement attributes, string role)
    {
        if (body.ValueKind != JsonValueKind.Object) return LlmMessageReader.Message(body, role);
        var message = LlmMessageReader.Message(body, role);
        // The event's role attribute, when the body has none, still names who spoke; the event name decides otherwise.
        return message is null ? null : message with { Role = LlmJson.Text(body, "role") ?? LlmJson.Text(attributes, "gen_ai.role") ?? role };
    }

    private static void ReadOpenInference(JsonElement a, Builder call)
    {
        call.Operation ??= LlmJson.Text(a, "openinference.span.kind")?.ToLowerInvariant();
        call.Provider ??= LlmJson.Text(a, "llm.provider") ?? LlmJson.Text(a, "llm.system");
        call.RequestModel ??= LlmJson.Text(a, "llm.model_name") ?? LlmJson.Text(a, "embedding.model_name");
        call.InputTokens ??= LlmJson.Long(LlmJson.Get(a, "llm.token_count.prompt"));
        call.OutputTokens ??= LlmJson.Long(LlmJson.Get(a, "llm.token_count.completion"));
        call.TotalTokens ??= LlmJson.Long(LlmJson.Get(a, "llm.token_count.total"));
        call.CachedInputTokens ??= LlmJson.Long(LlmJson.Get(a, "llm.token_count.prompt_details.cache_read"));
        call.InvocationParameters ??= LlmJson.Text(a, "llm.invocation_parameters");
        if (call.Input.Count == 0) call.Input = Flattened(a, "llm.input_messages.", "message.", "user", ref call.Skipped);
        if (call.Output.Count == 0) call.Output = Flattened(a, "llm.output_messages.", "message.", "assistant", ref call.Skipped);
        call.InputValue ??= LlmJson.Text(a, "input.value");
        call.InputMimeType ??= LlmJson.Text(a, "input.mime_type");
        call.OutputValue ??= LlmJson.Text(a, "output.value");
        call.OutputMimeType ??= LlmJson.Text(a, "output.mime_type");
        if (call.Documents.Count == 0)
            foreach (var (_, d) in LlmJson.Indexed(LlmJson.Members(a), "retrieval.documents.").Take(LlmLimits.MaxDocuments))
                call.Documents.Add(new LlmDocument(Text(d, "document.id"), Text(d, "document.content"), LlmJson.Double(d.GetValueOrDefault("document.score")) is { } s ? s : null)
                {
                    Metadata = Text(d, "document.metadata"),
                });
    }

    /// <summary>
    /// Messages flattened into indexed keys: OpenInference's <c>llm.input_messages.N.message.role</c> (<paramref name="inner"/>
    /// <c>message.</c>) and OpenLLMetry's <c>gen_ai.prompt.N.role</c> (no inner prefix).
    /// </summary>
    private static List<LlmMessage> Flattened(JsonElement a, string prefix, string inner, string defaultRole, ref int skipped)
    {
        var messages = new List<LlmMessage>();
        foreach (var (_, m) in LlmJson.Indexed(LlmJson.Members(a), prefix))
        {
            var role = Text(m, inner + "role") ?? defaultRole;
            var parts = new List<LlmPart>();
            if (Text(m, inner + "content") is { } content) LlmMessageReader.AddPart(parts, new LlmTextPart(content));
            foreach (var (_, c) in LlmJson.Indexed(m, inner + "contents."))
                if (Text(c, "message_content.text") is { } text) LlmMessageReader.AddPart(parts, new LlmTextPart(text));
                else if (Text(c, "message_content.image.image.url") is { } url) LlmMessageReader.AddPart(parts, new LlmTextPart($"[image] {url}"));
            var toolPrefix = inner.Length > 0 ? "tool_call." : "";
            foreach (var (_, t) in LlmJson.Indexed(m, inner + "tool_calls."))
                LlmMessageReader.AddPart(parts, new LlmToolCall(Text(t, toolPrefix + "id"),
                    Text(t, toolPrefix + "function.name") ?? Text(t, toolPrefix + "name") ?? "(unnamed tool)",
                    Text(t, toolPrefix + "function.arguments") ?? Text(t, toolPrefix + "arguments")));
            var callId = Text(m, inner + "tool_call_id");
            if (role == "tool" && parts.Count > 0 && parts.All(p => p is LlmTextPart))
                parts = [new LlmToolResult(callId, string.Join("\n", parts.Cast<LlmTextPart>().Select(p => p.Text)))];
            var finish = Text(m, inner + "finish_reason");
            if (parts.Count == 0 && finish is null) continue;
            LlmMessageReader.Add(messages, new LlmMessage(role, parts) { FinishReason = finish }, ref skipped);
        }
        return messages;
    }

    private static string? Text(Dictionary<string, JsonElement> members, string key) =>
        members.TryGetValue(key, out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined) ? LlmJson.Text(value) : null;

    private static string? EventName(JsonElement e) =>
        LlmJson.Text(LlmJson.Get(e, "attributes") ?? default, "event.name") ?? LlmJson.Text(e, "name");

    /// <summary>A first-token event's time after the span's start.</summary>
    private static double? FirstTokenEvent(Span span, List<JsonElement> events)
    {
        foreach (var e in events)
        {
            var name = LlmJson.Text(e, "name");
            if (name is null || !FirstTokenMarkers.Any(m => name.Contains(m, StringComparison.OrdinalIgnoreCase))) continue;
            if (LlmJson.Long(LlmJson.Get(e, "timeUnixNano")) is { } at && at >= span.StartUnixNano && span.StartUnixNano > 0)
                return (at - span.StartUnixNano) / 1_000_000.0;
        }
        return null;
    }

    private sealed class Builder
    {
        public string? Operation, Provider, RequestModel, ResponseModel, SystemInstructions, InputValue, InputMimeType, OutputValue, OutputMimeType, InvocationParameters;
        public long? InputTokens, OutputTokens, CachedInputTokens, TotalTokens;
        public decimal? SentCost;
        public double? TimeToFirstTokenMs;
        public List<LlmMessage> Input = [], Output = [];
        public readonly List<LlmDocument> Documents = [];
        public readonly List<string> FinishReasons = [];
        public int Skipped;

        public void AddFinishReasons(JsonElement value)
        {
            if (value.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in value.EnumerateArray())
                    if (LlmJson.Text(item) is { } reason) AddFinishReason(reason);
            }
            else if (value.ValueKind == JsonValueKind.String && LlmJson.TryParseText(value.GetString()!) is { } document)
            {
                using (document) AddFinishReasons(document.RootElement);
            }
            else if (LlmJson.Text(value) is { } reason) AddFinishReason(reason);
        }

        public void AddFinishReason(string reason)
        {
            if (FinishReasons.Count < 16 && !FinishReasons.Contains(reason)) FinishReasons.Add(reason);
        }

        public LlmCall Build(string convention)
        {
            foreach (var message in Output)
                if (message.FinishReason is { } reason) AddFinishReason(reason);
            return new LlmCall
            {
                Convention = convention,
                Operation = Operation,
                Provider = Provider,
                RequestModel = RequestModel,
                ResponseModel = ResponseModel,
                InputTokens = InputTokens,
                OutputTokens = OutputTokens,
                CachedInputTokens = CachedInputTokens,
                TotalTokens = TotalTokens ?? (InputTokens is null && OutputTokens is null ? null : (InputTokens ?? 0) + (OutputTokens ?? 0)),
                SentCost = SentCost,
                FinishReasons = FinishReasons,
                TimeToFirstTokenMs = TimeToFirstTokenMs,
                SystemInstructions = SystemInstructions,
                Input = Input,
                Output = Output,
                SkippedMessages = Skipped,
                InputValue = Input.Count == 0 ? InputValue : null,
                InputMimeType = Input.Count == 0 ? InputMimeType : null,
                OutputValue = Output.Count == 0 ? OutputValue : null,
                OutputMimeType = Output.Count == 0 ? OutputMimeType : null,
                Documents = Documents,
                InvocationParameters = InvocationParameters,
            };
        }
    }
}
