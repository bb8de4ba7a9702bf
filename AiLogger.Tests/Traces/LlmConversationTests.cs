using AiLogger.Domain.Traces;
using AiLogger.Tests.Components;
using AiLogger.Web.Features.Traces;
using Bunit;

namespace AiLogger.Tests.Traces;

/// <summary>The conversation view and the badge, as a person reads them; what a model said is text, never markup.</summary>
public sealed class LlmConversationTests : MudTestContext
{
    private static LlmCall GenAiCall(params LlmMessage[] input) => new()
    {
        Convention = LlmConventions.GenAi,
        Operation = "chat",
        Provider = "openai",
        RequestModel = "gpt-4o",
        ResponseModel = "gpt-4o-2024-08-06",
        InputTokens = 1_200,
        OutputTokens = 34,
        CachedInputTokens = 1_000,
        TotalTokens = 1_234,
        FinishReasons = ["tool_calls"],
        TimeToFirstTokenMs = 250,
        SystemInstructions = "You are a travel agent.",
        Input = input,
        Output = [new LlmMessage("assistant", [new LlmToolCall("call_1", "get_weather", """{"city":"Paris","days":2}""")]) { FinishReason = "tool_calls" }],
    };

    [Fact]
    public void A_gen_ai_call_shows_model_figures_roles_and_tool_calls()
    {
        var view = Render<LlmConversation>(p => p
            .Add(c => c.Call, GenAiCall(new LlmMessage("user", [new LlmTextPart("Weather in Paris?")]), new LlmMessage("tool", [new LlmToolResult("call_0", """{"ok":true}""")])))
            .Add(c => c.Cost, 0.0042m));

        Assert.Equal("gpt-4o-2024-08-06", view.Find("[data-testid=llm-model]").TextContent.Trim());
        Assert.Equal("openai", view.Find("[data-testid=llm-provider]").TextContent);
        Assert.Equal("1,200 (1,000 cached)", view.Find("[data-testid=llm-input-tokens]").TextContent);
        Assert.Equal("34", view.Find("[data-testid=llm-output-tokens]").TextContent);
        Assert.Equal("$0.0042", view.Find("[data-testid=llm-cost]").TextContent);
        Assert.Equal("tool_calls", view.Find("[data-testid=llm-finish]").TextContent);
        Assert.Equal("250 ms", view.Find("[data-testid=llm-ttft]").TextContent);
        Assert.Contains("You are a travel agent.", view.Find("[data-testid=llm-system-instructions]").TextContent);
        var messages = view.FindAll("[data-testid=llm-message]");
        Assert.Equal(["user", "tool", "assistant"], messages.Select(m => m.GetAttribute("data-role")));
        Assert.Contains("role-user", messages[0].ClassList);
        Assert.Contains("role-tool", messages[1].ClassList);
        Assert.Contains("role-assistant", messages[2].ClassList);
        var call = view.Find("[data-testid=llm-tool-call]");
        Assert.Contains("get_weather", call.TextContent);
        // Arguments pretty-printed, one member a line.
        Assert.Contains("\"city\": \"Paris\",\n  \"days\": 2", call.QuerySelector("pre")!.TextContent.Replace("\r\n", "\n"));
        Assert.Contains("\"ok\": true", view.Find("[data-testid=llm-tool-result]").TextContent);
    }

    [Fact]
    public void An_open_inference_chain_shows_its_raw_values_and_documents()
    {
        var call = new LlmCall
        {
            Convention = LlmConventions.OpenInference,
            Operation = "retriever",
            InputValue = """{"query":"capital of France"}""",
            InputMimeType = "application/json",
            OutputValue = "Paris",
            Documents = [new LlmDocument("doc-7", "Paris is the capital of France.", 0.93)],
        };

        var view = Render<LlmConversation>(p => p.Add(c => c.Call, call));

        Assert.Contains("\"query\": \"capital of France\"", view.Find("[data-testid=llm-input-value]").TextContent);
        Assert.Contains("mono", view.Find("[data-testid=llm-input-value] pre").ClassList);
        Assert.Equal("Paris", view.Find("[data-testid=llm-output-value]").TextContent.Trim());
        var document = view.Find("[data-testid=llm-document]");
        Assert.Contains("doc-7", document.TextContent);
        Assert.Contains("score 0.93", document.TextContent);
        Assert.Equal("–", view.Find("[data-testid=llm-cost]").TextContent);
        Assert.Empty(view.FindAll("[data-testid=llm-model]"));
    }

    [Fact]
    public void Markup_in_messages_is_shown_as_text()
    {
        const string hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>";
        var call = GenAiCall(new LlmMessage("user", [new LlmTextPart(hostile)]), new LlmMessage("tool", [new LlmToolResult("x", hostile)])) with
        {
            SystemInstructions = hostile,
            ResponseModel = "<b>model</b>",
            Output = [new LlmMessage("assistant", [new LlmToolCall("<i>", "<script>", hostile)])],
        };

        var view = Render<LlmConversation>(p => p.Add(c => c.Call, call));

        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", view.Markup);
        Assert.Contains("&lt;img src=x onerror=alert(2)&gt;", view.Markup);
        Assert.Empty(view.FindAll("script"));
        Assert.Empty(view.FindAll("img"));
        Assert.Empty(view.FindAll("b"));
        Assert.Equal("<b>model</b>", view.Find("[data-testid=llm-model]").TextContent.Trim());
    }

    [Fact]
    public void Long_contents_are_collapsed_until_show_all()
    {
        var text = string.Join("\n", Enumerable.Range(1, 50).Select(i => $"line {i}"));

        var view = Render<LlmConversation>(p => p.Add(c => c.Call, GenAiCall(new LlmMessage("user", [new LlmTextPart(text)])) with { SystemInstructions = null }));

        var message = view.Find("[data-testid=llm-message]");
        Assert.Contains("line 20", message.TextContent);
        Assert.DoesNotContain("line 21", message.TextContent);
        message.QuerySelector("[data-testid=show-all]")!.Click();
        Assert.Contains("line 50", view.Find("[data-testid=llm-message]").TextContent);
        Assert.Equal("Show less", view.Find("[data-testid=llm-message] [data-testid=show-all]").TextContent.Trim());
    }

    [Fact]
    public void Skipped_messages_and_missing_content_are_said()
    {
        var view = Render<LlmConversation>(p => p.Add(c => c.Call, new LlmCall { Convention = LlmConventions.GenAi, RequestModel = "gpt-4o", SkippedMessages = 12 }));

        Assert.Contains("12 more messages", view.Find("[data-testid=llm-skipped]").TextContent);
        Assert.Contains("no prompt or completion", view.Find("[data-testid=llm-no-content]").TextContent);
    }

    [Fact]
    public void The_badge_shows_model_and_total_tokens()
    {
        var badge = Render<LlmBadge>(p => p.Add(b => b.Call, GenAiCall()));

        Assert.Contains("gpt-4o-2024-08-06", badge.Markup);
        Assert.Equal("1,234 tok", badge.Find("[data-testid=llm-badge-tokens]").TextContent);
    }
}
