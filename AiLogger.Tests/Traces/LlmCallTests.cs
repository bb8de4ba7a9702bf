using System.Diagnostics;
using System.Text.Json;
using AiLogger.Domain.Traces;
using Microsoft.Extensions.AI;

namespace AiLogger.Tests.Traces;

/// <summary>LLM spans in both conventions, with old and new attribute names, read into one shape; hostile input stays bounded.</summary>
public sealed class LlmCallTests
{
    private const long Start = 1_700_000_000_000_000_000;

    internal static Span SpanWith(object attributes, object? events = null) => new()
    {
        TraceId = "0123456789abcdef0123456789abcdef",
        SpanId = "0123456789abcdef",
        Name = "chat",
        StartUnixNano = Start,
        EndUnixNano = Start + 2_000_000_000,
        AttributesJson = attributes as string ?? JsonSerializer.Serialize(attributes),
        EventsJson = events is null ? null : events as string ?? JsonSerializer.Serialize(events),
    };

    [Fact]
    public void A_span_of_neither_convention_is_no_llm_call()
    {
        Assert.Null(LlmCall.From(SpanWith(new Dictionary<string, object> { ["http.method"] = "GET", ["llmish"] = 1 })));
        Assert.Null(LlmCall.From(SpanWith("{not json")));
        Assert.Null(LlmCall.From(new Span { TraceId = "0123456789abcdef0123456789abcdef", SpanId = "0123456789abcdef", Name = "x" }));
    }

    [Fact]
    public void GenAi_span_with_the_current_names_gives_model_tokens_and_messages()
    {
        var input = """[{"role":"user","parts":[{"type":"text","content":"Weather in Paris?"}]},{"role":"assistant","parts":[{"type":"tool_call","id":"call_1","name":"get_weather","arguments":{"city":"Paris"}}]},{"role":"tool","parts":[{"type":"tool_call_response","id":"call_1","response":"rainy, 57°F"}]}]""";
        var output = """[{"role":"assistant","parts":[{"type":"text","content":"It is rainy."}],"finish_reason":"stop"}]""";
        var call = LlmCall.From(SpanWith(new Dictionary<string, object>
        {
            ["gen_ai.operation.name"] = "chat",
            ["gen_ai.provider.name"] = "openai",
            ["gen_ai.request.model"] = "gpt-4o",
            ["gen_ai.response.model"] = "gpt-4o-2024-08-06",
            ["gen_ai.usage.input_tokens"] = 120,
            ["gen_ai.usage.output_tokens"] = 30,
            ["gen_ai.usage.cache_read.input_tokens"] = 100,
            ["gen_ai.response.finish_reasons"] = new[] { "stop" },
            ["gen_ai.system_instructions"] = """[{"type":"text","content":"You are a forecaster."}]""",
            ["gen_ai.input.messages"] = input,
            ["gen_ai.output.messages"] = output,
            ["gen_ai.server.time_to_first_token"] = 0.25,
        }))!;

        Assert.Equal(LlmConventions.GenAi, call.Convention);
        Assert.Equal("chat", call.Operation);
        Assert.Equal("openai", call.Provider);
        Assert.Equal("gpt-4o", call.RequestModel);
        Assert.Equal("gpt-4o-2024-08-06", call.Model);
        Assert.Equal((120L, 30L, 100L, 150L), (call.InputTokens!.Value, call.OutputTokens!.Value, call.CachedInputTokens!.Value, call.TotalTokens!.Value));
        Assert.Equal(["stop"], call.FinishReasons);
        Assert.Equal(250, call.TimeToFirstTokenMs);
        Assert.Equal("You are a forecaster.", call.SystemInstructions);
        Assert.Equal(["user", "assistant", "tool"], call.Input.Select(m => m.Role));
        Assert.Equal("Weather in Paris?", call.Input[0].Text);
        var toolCall = Assert.IsType<LlmToolCall>(Assert.Single(call.Input[1].Parts));
        Assert.Equal(("call_1", "get_weather", """{"city":"Paris"}"""), (toolCall.Id, toolCall.Name, toolCall.Arguments));
        Assert.Equal(new LlmToolResult("call_1", "rainy, 57°F"), Assert.Single(call.Input[2].Parts));
        Assert.Equal("It is rainy.", Assert.Single(call.Output).Text);
        Assert.Equal("stop", call.Output[0].FinishReason);
        Assert.True(call.IsModelCall);
    }

    [Fact]
    public void GenAi_span_with_the_older_names_reads_the_same()
    {
        var call = LlmCall.From(SpanWith(new Dictionary<string, object>
        {
            ["gen_ai.system"] = "anthropic",
            ["gen_ai.request.model"] = "claude-3-5-sonnet-20241022",
            ["gen_ai.usage.prompt_tokens"] = 11,
            ["gen_ai.usage.completion_tokens"] = "7",
            ["gen_ai.response.finish_reasons"] = "end_turn",
            ["gen_ai.prompt"] = """[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}]""",
            ["gen_ai.completion"] = "Hello!",
        }))!;

        Assert.Equal("anthropic", call.Provider);
        Assert.Equal("claude-3-5-sonnet-20241022", call.Model);
        Assert.Equal((11L, 7L, 18L), (call.InputTokens!.Value, call.OutputTokens!.Value, call.TotalTokens!.Value));
        Assert.Null(call.CachedInputTokens);
        Assert.Equal(["end_turn"], call.FinishReasons);
        Assert.Equal(["system", "user"], call.Input.Select(m => m.Role));
        Assert.Equal("Be brief.", call.Input[0].Text);
        Assert.Equal(new LlmMessage("assistant", [new LlmTextPart("Hello!")]).Text, Assert.Single(call.Output).Text);
        Assert.Equal("assistant", call.Output[0].Role);
    }

    [Fact]
    public void Prompt_and_completion_events_carry_the_conversation()
    {
        var call = LlmCall.From(SpanWith(
            new Dictionary<string, object> { ["gen_ai.request.model"] = "gpt-4o-mini" },
            new object[]
            {
                new { timeUnixNano = Start + 1, name = "gen_ai.content.prompt", attributes = new Dictionary<string, object> { ["gen_ai.prompt"] = """[{"role":"user","content":"2+2?"}]""" } },
                new { timeUnixNano = Start + 150_000_000, name = "gen_ai.first_token" },
                new { timeUnixNano = Start + 2, name = "gen_ai.content.completion", attributes = new Dictionary<string, object> { ["gen_ai.completion"] = "4" } },
            }))!;

        Assert.Equal("2+2?", Assert.Single(call.Input).Text);
        Assert.Equal("4", Assert.Single(call.Output).Text);
        Assert.Equal(150, call.TimeToFirstTokenMs);
    }

    [Fact]
    public void Per_message_events_give_roles_tool_calls_and_the_choice()
    {
        var call = LlmCall.From(SpanWith(
            new Dictionary<string, object> { ["gen_ai.operation.name"] = "chat" },
            new object[]
            {
                new { name = "gen_ai.system.message", attributes = new { content = "Use tools." } },
                new { name = "gen_ai.user.message", attributes = new { content = "Weather?" } },
                new { name = "gen_ai.assistant.message", attributes = new { tool_calls = new[] { new { id = "c1", type = "function", function = new { name = "weather", arguments = """{"city":"Oslo"}""" } } } } },
                new { name = "gen_ai.tool.message", attributes = new { id = "c1", content = "snow" } },
                new { name = "gen_ai.choice", attributes = new { index = 0, finish_reason = "stop", message = new { content = "It snows." } } },
            }))!;

        Assert.Equal(["system", "user", "assistant", "tool"], call.Input.Select(m => m.Role));
        Assert.Equal(new LlmToolCall("c1", "weather", """{"city":"Oslo"}"""), Assert.Single(call.Input[2].Parts));
        Assert.Equal(new LlmToolResult("c1", "snow"), Assert.Single(call.Input[3].Parts));
        Assert.Equal("It snows.", Assert.Single(call.Output).Text);
        Assert.Equal(["stop"], call.FinishReasons);
    }

    [Fact]
    public void OpenInference_llm_span_reads_flattened_messages_tokens_and_sent_cost()
    {
        var call = LlmCall.From(SpanWith(new Dictionary<string, object>
        {
            ["openinference.span.kind"] = "LLM",
            ["llm.model_name"] = "gpt-4o-mini",
            ["llm.provider"] = "openai",
            ["llm.token_count.prompt"] = 40,
            ["llm.token_count.completion"] = 8,
            ["llm.token_count.total"] = 48,
            ["llm.token_count.prompt_details.cache_read"] = 32,
            ["llm.cost.total"] = 0.0042,
            ["llm.invocation_parameters"] = """{"temperature":0.2}""",
            ["llm.input_messages.0.message.role"] = "system",
            ["llm.input_messages.0.message.content"] = "Be kind.",
            ["llm.input_messages.1.message.role"] = "user",
            ["llm.input_messages.1.message.content"] = "Find flights",
            ["llm.input_messages.10.message.role"] = "tool",
            ["llm.input_messages.10.message.tool_call_id"] = "t1",
            ["llm.input_messages.10.message.content"] = "none found",
            ["llm.output_messages.0.message.role"] = "assistant",
            ["llm.output_messages.0.message.tool_calls.0.tool_call.id"] = "t2",
            ["llm.output_messages.0.message.tool_calls.0.tool_call.function.name"] = "search",
            ["llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments"] = """{"q":"LIS"}""",
            ["input.value"] = "raw input",
        }))!;

        Assert.Equal(LlmConventions.OpenInference, call.Convention);
        Assert.Equal("llm", call.Operation);
        Assert.Equal(("openai", "gpt-4o-mini"), (call.Provider, call.Model));
        Assert.Equal((40L, 8L, 32L, 48L), (call.InputTokens!.Value, call.OutputTokens!.Value, call.CachedInputTokens!.Value, call.TotalTokens!.Value));
        Assert.Equal(0.0042m, call.SentCost);
        Assert.Equal("""{"temperature":0.2}""", call.InvocationParameters);
        // Indices in number order, not text order (10 after 1).
        Assert.Equal(["system", "user", "tool"], call.Input.Select(m => m.Role));
        Assert.Equal(new LlmToolResult("t1", "none found"), Assert.Single(call.Input[2].Parts));
        Assert.Equal(new LlmToolCall("t2", "search", """{"q":"LIS"}"""), Assert.Single(Assert.Single(call.Output).Parts));
        // Raw values are kept only where there are no messages.
        Assert.Null(call.InputValue);
    }

    [Fact]
    public void OpenInference_chain_and_retriever_spans_keep_raw_values_and_documents()
    {
        var chain = LlmCall.From(SpanWith(new Dictionary<string, object>
        {
            ["openinference.span.kind"] = "CHAIN",
            ["input.value"] = """{"question":"why?"}""",
            ["input.mime_type"] = "application/json",
            ["output.value"] = "because",
        }))!;
        var retriever = LlmCall.From(SpanWith(new Dictionary<string, object>
        {
            ["openinference.span.kind"] = "RETRIEVER",
            ["retrieval.documents.0.document.id"] = "doc-1",
            ["retrieval.documents.0.document.content"] = "Paris is in France.",
            ["retrieval.documents.0.document.score"] = 0.91,
            ["retrieval.documents.1.document.content"] = "Oslo is in Norway.",
        }))!;

        Assert.Equal(("chain", """{"question":"why?"}""", "application/json", "because"), (chain.Operation, chain.InputValue, chain.InputMimeType, chain.OutputValue));
        Assert.False(chain.IsModelCall);
        Assert.Equal([new LlmDocument("doc-1", "Paris is in France.", 0.91), new LlmDocument(null, "Oslo is in Norway.", null)], retriever.Documents);
    }

    [Fact]
    public void OpenLLMetry_indexed_prompt_and_completion_are_read()
    {
        var call = LlmCall.From(SpanWith(new Dictionary<string, object>
        {
            ["gen_ai.system"] = "openai",
            ["gen_ai.prompt.0.role"] = "user",
            ["gen_ai.prompt.0.content"] = "Hi",
            ["gen_ai.completion.0.role"] = "assistant",
            ["gen_ai.completion.0.content"] = "Hello",
            ["gen_ai.completion.0.finish_reason"] = "stop",
        }))!;

        Assert.Equal("Hi", Assert.Single(call.Input).Text);
        Assert.Equal("Hello", Assert.Single(call.Output).Text);
        Assert.Equal(["stop"], call.FinishReasons);
    }

    [Fact]
    public void Malformed_json_in_an_attribute_shows_as_plain_text()
    {
        var call = LlmCall.From(SpanWith(new Dictionary<string, object>
        {
            ["gen_ai.request.model"] = "gpt-4o",
            ["gen_ai.input.messages"] = """[{"role":"user","parts":[{"type":"text","content":"unterminated""",
            ["gen_ai.system_instructions"] = "{oops",
            ["gen_ai.response.finish_reasons"] = "[bad",
        }))!;

        Assert.Equal("""[{"role":"user","parts":[{"type":"text","content":"unterminated""", Assert.Single(call.Input).Text);
        Assert.Equal("{oops", call.SystemInstructions);
        Assert.Equal(["[bad"], call.FinishReasons);
    }

    [Fact]
    public void Json_nested_past_the_depth_limit_shows_as_text()
    {
        var deep = string.Concat(Enumerable.Repeat("[", 40)) + "1" + string.Concat(Enumerable.Repeat("]", 40));

        var call = LlmCall.From(SpanWith(new Dictionary<string, object> { ["gen_ai.input.messages"] = deep }))!;

        Assert.Equal(deep, Assert.Single(call.Input).Text);
    }

    [Fact]
    public void Messages_and_texts_are_bounded()
    {
        var messages = "[" + string.Join(",", Enumerable.Range(0, 250).Select(i => $$"""{"role":"user","parts":[{"type":"text","content":"m{{i}}"}]}""")) + "]";
        var huge = new string('x', LlmLimits.MaxTextChars + 10);

        var call = LlmCall.From(SpanWith(new Dictionary<string, object> { ["gen_ai.input.messages"] = messages, ["gen_ai.output.messages"] = huge }))!;

        Assert.Equal(LlmLimits.MaxMessages, call.Input.Count);
        Assert.Equal(50, call.SkippedMessages);
        Assert.Equal("m199", call.Input[^1].Text);
        var text = Assert.Single(call.Output).Text;
        Assert.Equal(LlmLimits.MaxTextChars + LlmLimits.CutMarker.Length, text.Length);
        Assert.EndsWith(LlmLimits.CutMarker, text);
    }

    [Fact]
    public void A_span_event_alone_makes_a_gen_ai_call()
    {
        var call = LlmCall.From(SpanWith(new Dictionary<string, object> { ["http.method"] = "POST" },
            new object[] { new { name = "gen_ai.user.message", attributes = new { content = "hello" } } }));

        Assert.NotNull(call);
        Assert.Equal("hello", Assert.Single(call.Input).Text);
        Assert.False(call.IsModelCall);
    }

    [Fact]
    public async Task The_span_Microsoft_Extensions_AI_writes_is_read_whole()
    {
        const string sourceName = "AiLogger.Tests.LlmCall";
        Activity? captured = null;
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == sourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => captured = a,
        };
        ActivitySource.AddActivityListener(listener);
        using var chat = new ChatClientBuilder(new FakeChatClient()).UseOpenTelemetry(sourceName: sourceName, configure: c => c.EnableSensitiveData = true).Build();

        await chat.GetResponseAsync([new ChatMessage(ChatRole.System, "Answer in one word."), new ChatMessage(ChatRole.User, "Capital of France?")], new ChatOptions { ModelId = "gpt-4o-mini" });

        Assert.NotNull(captured);
        var attributes = captured.TagObjects.Where(t => t.Value is not null).GroupBy(t => t.Key).ToDictionary(g => g.Key, g => g.First().Value!);
        var call = LlmCall.From(SpanWith(attributes))!;
        Assert.Equal(("chat", "openai", "gpt-4o-mini"), (call.Operation, call.Provider, call.Model));
        Assert.Equal((12L, 3L), (call.InputTokens!.Value, call.OutputTokens!.Value));
        Assert.Contains("Capital of France?", call.Input.Select(m => m.Text));
        Assert.Contains("Answer in one word.", (call.SystemInstructions ?? "") + string.Join("|", call.Input.Select(m => m.Text)));
        Assert.Equal("Paris.", Assert.Single(call.Output).Text);
        Assert.Contains("stop", call.FinishReasons);
    }

    private sealed class FakeChatClient : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "Paris."))
            {
                ModelId = "gpt-4o-mini",
                Usage = new UsageDetails { InputTokenCount = 12, OutputTokenCount = 3, TotalTokenCount = 15 },
                FinishReason = ChatFinishReason.Stop,
            });

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("openai", new Uri("https://llm.example/v1"), "gpt-4o-mini") : null;

        public void Dispose()
        {
        }
    }
}
