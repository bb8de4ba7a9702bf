using AiLogger.Domain.Traces;
using AiLogger.Infrastructure.Ingest.Otlp;
using AiLogger.Infrastructure.Traces;
using AiLogger.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using ProtoSpan = AiLogger.Infrastructure.Ingest.Otlp.Proto.Trace.Span;
using Proto = AiLogger.Infrastructure.Ingest.Otlp.Proto.Common;

namespace AiLogger.Tests.Traces;

/// <summary>Custom prices against a real SQLite file, the table they make with configuration's defaults, and the defaults themselves.</summary>
public sealed class ModelPriceStoreTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static Task<InfrastructureHost> StartAsync() => InfrastructureHost.StartAsync(new Dictionary<string, string?>
    {
        ["AiLogger:Prices:Models:0:Pattern"] = "gpt-4o*",
        ["AiLogger:Prices:Models:0:InputPerMillion"] = "2.5",
        ["AiLogger:Prices:Models:0:OutputPerMillion"] = "10",
        ["AiLogger:Prices:Models:0:CachedInputPerMillion"] = "1.25",
        // Long enough that only a save can explain a fresh table.
        ["AiLogger:Prices:CacheFor"] = "01:00:00",
    });

    [Fact]
    public async Task Saved_prices_are_listed_back_with_their_values()
    {
        await using var host = await StartAsync();
        var store = host.Get<IModelPriceStore>();

        var saved = await store.SaveAsync(new ModelPrice(" my-model* ", 1.5m, 3.25m, 0.5m, Now, Custom: false), "admin@ailogger.test", CancellationToken.None);

        Assert.True(saved.Succeeded, string.Join(" ", saved.Errors.Values));
        var price = Assert.Single(await store.ListAsync(CancellationToken.None));
        Assert.Equal(new ModelPrice("my-model*", 1.5m, 3.25m, 0.5m, Now, Custom: true) { Id = saved.Saved!.Id }, price);
    }

    [Fact]
    public async Task The_table_holds_defaults_and_custom_entries_and_refreshes_on_save_and_delete()
    {
        await using var host = await StartAsync();
        var store = host.Get<IModelPriceStore>();
        var tables = host.Get<IPriceTableSource>();

        var before = await tables.GetAsync(CancellationToken.None);
        var saved = await store.SaveAsync(new ModelPrice("gpt-4o*", 1m, 2m, null, null, true), "admin", CancellationToken.None);
        var after = await tables.GetAsync(CancellationToken.None);
        await store.DeleteAsync(saved.Saved!.Id!.Value, CancellationToken.None);
        var deleted = await tables.GetAsync(CancellationToken.None);

        Assert.Equal(2.5m, before.Match("gpt-4o", Now)!.InputPerMillion);
        Assert.False(before.Match("gpt-4o", Now)!.Custom);
        Assert.Equal(before.Prices.Count + 1, after.Prices.Count);
        Assert.Equal(1m, after.Match("gpt-4o", Now)!.InputPerMillion);
        Assert.Equal(2.5m, deleted.Match("gpt-4o", Now)!.InputPerMillion);
        Assert.Equal(before.Prices.Count, tables.Defaults.Count);
    }

    [Fact]
    public async Task An_edit_replaces_the_entry_and_invalid_ones_are_refused_by_field()
    {
        await using var host = await StartAsync();
        var store = host.Get<IModelPriceStore>();
        var saved = (await store.SaveAsync(new ModelPrice("claude*", 3m, 15m, null, null, true), "admin", CancellationToken.None)).Saved!;

        var edited = await store.SaveAsync(saved with { OutputPerMillion = 16m }, "admin", CancellationToken.None);
        var invalid = await store.SaveAsync(new ModelPrice("", -1m, 1m, null, null, true), "admin", CancellationToken.None);
        var duplicate = await store.SaveAsync(new ModelPrice("CLAUDE*", 1m, 1m, null, null, true), "admin", CancellationToken.None);
        var gone = await store.SaveAsync(saved with { Id = 424242 }, "admin", CancellationToken.None);

        Assert.True(edited.Succeeded);
        Assert.Equal(16m, Assert.Single(await store.ListAsync(CancellationToken.None)).OutputPerMillion);
        Assert.Equal(["input", "pattern"], invalid.Errors.Keys.Order());
        Assert.Contains("exists already", duplicate.Errors["pattern"]);
        Assert.Contains("no longer exists", gone.Errors["id"]);
        Assert.False(await store.DeleteAsync(424242, CancellationToken.None));
    }

    [Fact]
    public void The_shipped_defaults_are_valid_and_price_common_models()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(RepositoryRoot(), "appsettings.json")).Build();
        var options = configuration.GetSection(PriceOptions.Section).Get<PriceOptions>()!;
        var table = new PriceTable(options.Models.Select(m => m.ToPrice()));

        Assert.True(new PriceOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(0.6m, table.Match("gpt-4o-mini-2024-07-18", Now)!.OutputPerMillion);
        Assert.Equal(10m, table.Match("gpt-4o-2024-08-06", Now)!.OutputPerMillion);
        Assert.Equal(15m, table.Match("claude-3-5-sonnet-20241022", Now)!.OutputPerMillion);
        Assert.Equal(4.4m, table.Match("o3-mini", Now)!.OutputPerMillion);
        // o3's price fell on 2025-06-10: the dated entry applies from then on.
        Assert.Equal(40m, table.Match("o3", Now)!.OutputPerMillion);
        Assert.Equal(8m, table.Match("o3-2025-04-16", Now.AddMonths(1))!.OutputPerMillion);
        Assert.NotNull(table.Match("gemini-1.5-flash-002", Now));
        Assert.NotNull(table.Match("mistral-large-latest", Now));
    }

    [Fact]
    public void A_bad_default_stops_the_start_with_its_index()
    {
        var options = new PriceOptions { Models = [new PriceOption { Pattern = "ok*" }, new PriceOption { Pattern = "/(/", InputPerMillion = -1 }] };

        var result = new PriceOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("AiLogger:Prices:Models:1", result.FailureMessage);
        Assert.DoesNotContain("Models:0", result.FailureMessage);
    }

    [Fact]
    public void OpenInference_spans_get_their_model_and_tokens_at_ingest()
    {
        var openInference = Span(("openinference.span.kind", "LLM"), ("llm.model_name", "gpt-4o-mini"), ("llm.token_count.prompt", 40L), ("llm.token_count.completion", 8L));
        var genAi = Span(("gen_ai.request.model", "gpt-4o"), ("gen_ai.usage.prompt_tokens", 3L), ("llm.token_count.prompt", 99L));
        var chain = Span(("openinference.span.kind", "CHAIN"), ("llm.invocation_parameters", "{}"));

        Assert.Equal(new GenAiUsage("gpt-4o-mini", 40, 8), OtlpTraceReader.GenAi(openInference));
        Assert.Equal(new GenAiUsage("gpt-4o", 3, 0), OtlpTraceReader.GenAi(genAi));
        Assert.Null(OtlpTraceReader.GenAi(chain));
    }

    private static ProtoSpan Span(params (string Key, object Value)[] attributes)
    {
        var span = new ProtoSpan { Name = "llm" };
        foreach (var (key, value) in attributes)
            span.Attributes.Add(new Proto.KeyValue
            {
                Key = key,
                Value = value is long n ? new Proto.AnyValue { IntValue = n } : new Proto.AnyValue { StringValue = (string)value },
            });
        return span;
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "AiLogger.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("The repository root (AiLogger.sln) is not above the test binaries.");
    }
}
