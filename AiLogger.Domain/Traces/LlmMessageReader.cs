using System.Text.Json;

namespace AiLogger.Domain.Traces;

/// <summary>
/// Messages as JSON: the GenAI conventions' <c>[{role, parts:[…]}]</c>, and the shapes instrumentations sent before
/// (OpenAI's <c>{role, content, tool_calls}</c>, Anthropic's content blocks, a bare string). What cannot be read is text.
/// </summary>
internal static class LlmMessageReader
{
    /// <summary>Messages from an attribute value: JSON text, an array, an object, or plain text.</summary>
    public static List<LlmMessage> Read(JsonElement value, string defaultRole, ref int skipped)
    {
        var messages = new List<LlmMessage>();
        Collect(value, defaultRole, messages, ref skipped, textIsJson: true);
        return messages;
    }

    private static void Collect(JsonElement value, string defaultRole, List<LlmMessage> messages, ref int skipped, bool textIsJson)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                var text = value.GetString() ?? string.Empty;
                if (textIsJson && LlmJson.TryParseText(text) is { } document)
                {
                    using (document) Collect(document.RootElement, defaultRole, messages, ref skipped, textIsJson: false);
                    return;
                }
                if (text.Length > 0) Add(messages, new LlmMessage(defaultRole, [new LlmTextPart(LlmLimits.Cut(text))]), ref skipped);
                return;
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray()) Add(messages, Message(item, defaultRole), ref skipped);
                return;
            case JsonValueKind.Object when LlmJson.Get(value, "messages") is { ValueKind: JsonValueKind.Array } inner:
                Collect(inner, defaultRole, messages, ref skipped, textIsJson: false);
                return;
            case JsonValueKind.Object:
                Add(messages, Message(value, defaultRole), ref skipped);
                return;
            case JsonValueKind.Null or JsonValueKind.Undefined:
                return;
            default:
                Add(messages, new LlmMessage(defaultRole, [new LlmTextPart(value.GetRawText())]), ref skipped);
                return;
        }
    }

    public static void Add(List<LlmMessage> messages, LlmMessage? message, ref int skipped)
    {
        if (message is null) return;
        if (messages.Count >= LlmLimits.MaxMessages) skipped++;
        else messages.Add(message);
    }

    /// <summary>One message in any of the shapes; null for an object that carries nothing.</summary>
    public static LlmMessage? Message(JsonElement element, string defaultRole)
    {
        if (element.ValueKind == JsonValueKind.String)
            return element.GetString() is { Length: > 0 } s ? new LlmMessage(defaultRole, [new LlmTextPart(LlmLimits.Cut(s))]) : null;
        if (element.ValueKind != JsonValueKind.Object) return new LlmMessage(defaultRole, [new LlmTextPart(LlmLimits.Cut(element.GetRawText()))]);

        // gen_ai.choice carries {index, finish_reason, message:{role, content, tool_calls}}.
        var body = LlmJson.Get(element, "message") is { ValueKind: JsonValueKind.Object } inner ? inner : element;
        var role = LlmJson.Text(body, "role") ?? LlmJson.Text(element, "role") ?? defaultRole;
        var parts = new List<LlmPart>();
        if (LlmJson.Get(body, "parts") is { ValueKind: JsonValueKind.Array } list)
            foreach (var part in list.EnumerateArray()) AddPart(parts, Part(part));
        if (LlmJson.Get(body, "content") is { } content)
        {
            if (content.ValueKind == JsonValueKind.Array)
                foreach (var part in content.EnumerateArray()) AddPart(parts, Part(part));
            else if (content.ValueKind == JsonValueKind.Object) AddPart(parts, Part(content));
            else if (LlmJson.Text(content) is { } text) AddPart(parts, new LlmTextPart(text));
        }
        if (LlmJson.Get(body, "tool_calls") is { ValueKind: JsonValueKind.Array } calls)
            foreach (var call in calls.EnumerateArray()) AddPart(parts, ToolCall(call));

        // A tool's answer: its text is the result of the call it names.
        var callId = LlmJson.Text(body, "tool_call_id") ?? (role == "tool" ? LlmJson.Text(element, "id") : null);
        if (role == "tool" && parts.Count > 0 && parts.All(p => p is LlmTextPart))
            parts = [new LlmToolResult(callId, string.Join("\n", parts.Cast<LlmTextPart>().Select(p => p.Text)))];

        var finish = LlmJson.Text(element, "finish_reason") ?? LlmJson.Text(body, "finish_reason");
        if (parts.Count == 0 && finish is null) return null;
        return new LlmMessage(role, parts) { FinishReason = finish };
    }

    public static void AddPart(List<LlmPart> parts, LlmPart? part)
    {
        if (part is not null && parts.Count < LlmLimits.MaxPartsPerMessage) parts.Add(part);
    }

    /// <summary>One part: GenAI's typed parts, OpenAI's <c>{type:"text", text}</c>, Anthropic's <c>tool_use</c>/<c>tool_result</c>.</summary>
    public static LlmPart? Part(JsonElement part)
    {
        if (part.ValueKind == JsonValueKind.String) return part.GetString() is { Length: > 0 } s ? new LlmTextPart(LlmLimits.Cut(s)) : null;
        if (part.ValueKind != JsonValueKind.Object) return new LlmTextPart(LlmLimits.Cut(part.GetRawText()));
        switch (LlmJson.Text(part, "type"))
        {
            case "tool_call" or "tool_use" or "function_call":
                return ToolCall(part);
            case "tool_call_response" or "tool_result" or "function_call_output":
                return new LlmToolResult(LlmJson.Text(part, "id") ?? LlmJson.Text(part, "tool_use_id") ?? LlmJson.Text(part, "call_id"),
                    LlmJson.Text(part, "response") ?? LlmJson.Text(part, "content") ?? LlmJson.Text(part, "output") ?? LlmJson.Text(part, "result") ?? string.Empty);
            default:
                var text = LlmJson.Get(part, "content") is { ValueKind: JsonValueKind.String } c ? c.GetString()
                    : LlmJson.Get(part, "text") is { ValueKind: JsonValueKind.String } t ? t.GetString() : null;
                return text is not null ? new LlmTextPart(LlmLimits.Cut(text)) : new LlmTextPart(LlmLimits.Cut(part.GetRawText()));
        }
    }

    /// <summary>A tool call as GenAI (<c>{id, name, arguments}</c>), OpenAI (<c>{id, function:{name, arguments}}</c>) or Anthropic (<c>{id, name, input}</c>) write it.</summary>
    public static LlmToolCall ToolCall(JsonElement call)
    {
        var function = LlmJson.Get(call, "function") is { ValueKind: JsonValueKind.Object } f ? f : call;
        var arguments = LlmJson.Get(function, "arguments") ?? LlmJson.Get(call, "arguments") ?? LlmJson.Get(call, "input");
        return new LlmToolCall(LlmJson.Text(call, "id") ?? LlmJson.Text(call, "call_id"), LlmJson.Text(function, "name") ?? LlmJson.Text(call, "name") ?? "(unnamed tool)", LlmJson.Text(arguments));
    }

    /// <summary>System instructions: an array of parts (GenAI), a JSON text of one, or plain text; the text parts joined.</summary>
    public static string? Instructions(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            var text = value.GetString() ?? string.Empty;
            if (LlmJson.TryParseText(text) is { } document)
                using (document)
                    return Instructions(document.RootElement);
            return text.Length == 0 ? null : LlmLimits.Cut(text);
        }
        var parts = new List<LlmPart>();
        if (value.ValueKind == JsonValueKind.Array)
            foreach (var part in value.EnumerateArray()) AddPart(parts, Part(part));
        else AddPart(parts, Part(value));
        var joined = string.Join("\n", parts.Select(p => p switch
        {
            LlmTextPart t => t.Text,
            LlmToolCall c => $"{c.Name}({c.Arguments})",
            LlmToolResult r => r.Content,
            _ => string.Empty,
        }));
        return joined.Length == 0 ? null : LlmLimits.Cut(joined);
    }
}
