using AiLogger.Domain.Traces;

namespace AiLogger.Tests.Traces;

public class TraceTreeTests
{
    private const string Trace = "0af7651916cd43dd8448eb211c80319c";

    /// <summary>A span from <paramref name="start"/> to <paramref name="end"/> milliseconds.</summary>
    internal static Span S(string id, string? parent, double start, double end, string? service = "api", string? name = null,
        SpanStatus status = SpanStatus.Unset, string? attributes = null) => new()
    {
        Id = (long)(start * 1000) + id.GetHashCode() % 7,
        TraceId = Trace,
        SpanId = id,
        ParentSpanId = parent,
        Name = name ?? id,
        Service = service,
        StartUnixNano = 1_700_000_000_000_000_000 + (long)(start * 1_000_000),
        EndUnixNano = 1_700_000_000_000_000_000 + (long)(end * 1_000_000),
        Status = status,
        AttributesJson = attributes,
    };

    private static (double, double) Ms((long Start, long End) section) =>
        ((section.Start - 1_700_000_000_000_000_000) / 1_000_000.0, (section.End - 1_700_000_000_000_000_000) / 1_000_000.0);

    // A 0–100; B 10–40; C 20–90 with D 30–60 and E 65–80; F 95–99. Worked by hand with Jaeger's rule.
    private static readonly Span[] Example =
    [
        S("A", null, 0, 100), S("B", "A", 10, 40), S("C", "A", 20, 90), S("D", "C", 30, 60), S("E", "C", 65, 80), S("F", "A", 95, 99),
    ];

    [Fact]
    public void Children_sit_under_their_parent_in_start_order_depth_first()
    {
        var tree = TraceTree.Build(Example.Reverse().ToList());

        Assert.Equal(["A", "B", "C", "D", "E", "F"], tree.Nodes.Select(n => n.Span.SpanId));
        Assert.Equal([0, 1, 1, 2, 2, 1], tree.Nodes.Select(n => n.Depth));
        Assert.Equal(5, tree.Find("A")!.DescendantCount);
        Assert.Equal(2, tree.Find("C")!.DescendantCount);
        Assert.Equal(100, tree.DurationMs);
    }

    [Fact]
    public void Critical_path_follows_the_last_finishing_child_then_the_ones_before_it()
    {
        var tree = TraceTree.Build(Example);

        Assert.Equal([(99, 100), (90, 95), (0, 20)], tree.Find("A")!.CriticalSections.Select(Ms));
        Assert.Equal([(95, 99)], tree.Find("F")!.CriticalSections.Select(Ms));
        Assert.Equal([(80, 90), (60, 65), (20, 30)], tree.Find("C")!.CriticalSections.Select(Ms));
        Assert.Equal([(65, 80)], tree.Find("E")!.CriticalSections.Select(Ms));
        Assert.Equal([(30, 60)], tree.Find("D")!.CriticalSections.Select(Ms));
        Assert.False(tree.Find("B")!.OnCriticalPath); // B ended before C's work started mattering
        // The sections cover the whole trace exactly once.
        Assert.Equal(100, tree.Nodes.SelectMany(n => n.CriticalSections).Sum(s => Ms(s).Item2 - Ms(s).Item1), 6);
    }

    [Fact]
    public void A_child_running_past_its_parent_is_clipped_on_the_critical_path()
    {
        var tree = TraceTree.Build([S("A", null, 0, 50), S("B", "A", 10, 80), S("C", "A", 60, 70)]);

        // B is clipped to 10–50; C starts after A ended and is left off.
        Assert.Equal([(10, 50)], tree.Find("B")!.CriticalSections.Select(Ms));
        Assert.Equal([(0, 10)], tree.Find("A")!.CriticalSections.Select(Ms));
        Assert.False(tree.Find("C")!.OnCriticalPath);
    }

    [Fact]
    public void Self_time_is_the_duration_less_the_union_of_the_children()
    {
        var tree = TraceTree.Build([S("A", null, 0, 100), S("B", "A", 10, 40), S("C", "A", 30, 60), S("D", "A", 90, 120)]);

        // Children cover 10–60 and 90–100 inside A: 60 ms of 100.
        Assert.Equal(40, tree.Find("A")!.SelfTimeMs, 6);
        Assert.Equal(30, tree.Find("B")!.SelfTimeMs, 6);
    }

    [Fact]
    public void Spans_without_their_parent_and_parent_cycles_become_roots_and_the_build_ends()
    {
        var tree = TraceTree.Build([S("A", null, 0, 10), S("X", "missing", 5, 8), S("P", "Q", 1, 2), S("Q", "P", 3, 4), S("L", "L", 6, 7)]);

        Assert.Equal(5, tree.Nodes.Count);
        Assert.Equal(["A", "P", "X", "L"], tree.Roots.Select(r => r.Span.SpanId));
        Assert.Equal("P", tree.Find("Q")!.Parent!.Span.SpanId);
    }

    [Fact]
    public void Depth_is_capped_and_a_deep_chain_builds_without_recursion()
    {
        var spans = Enumerable.Range(0, 20_000).Select(i => S($"s{i}", i == 0 ? null : $"s{i - 1}", i * 0.001, 100)).ToList();

        var tree = TraceTree.Build(spans);

        Assert.Equal(20_000, tree.Nodes.Count);
        Assert.Equal(TraceTree.MaxDepth, tree.Nodes[^1].Depth);
        Assert.True(tree.Nodes[^1].OnCriticalPath);
    }

    [Fact]
    public void Collapsing_hides_the_subtree_and_a_filter_keeps_only_matches()
    {
        var tree = TraceTree.Build(Example);

        Assert.Equal(["A", "B", "C", "F"], tree.Visible(new HashSet<string> { "C" }).Select(n => n.Span.SpanId));
        Assert.Equal(["A"], tree.Visible(new HashSet<string>(tree.Parents())).Select(n => n.Span.SpanId));
        Assert.Equal(["D", "E"], tree.Visible(new HashSet<string>(), n => n.Depth == 2).Select(n => n.Span.SpanId));
    }

    [Theory]
    [InlineData("checkout", new[] { "A" })]
    [InlineData("service:payments", new[] { "B", "C" })]
    [InlineData("status:error", new[] { "C" })]
    [InlineData("http.route:/pay*", new[] { "B" })]
    [InlineData("duration>=50ms", new[] { "A", "C" })]
    [InlineData("visa", new[] { "B" })] // a word matches attribute values when finding
    [InlineData("-service:payments", new[] { "A" })]
    public void Find_matches_name_service_attribute_and_status(string find, string[] expected)
    {
        Span[] spans =
        [
            S("A", null, 0, 100, "web", "GET /checkout"),
            S("B", "A", 10, 20, "payments", "authorize", attributes: """{"http.route":"/pay/card","card":"VISA"}"""),
            S("C", "A", 20, 90, "payments", "capture", SpanStatus.Error),
        ];
        var query = TraceQuery.Parse(find);

        Assert.Equal(expected, spans.Where(s => SpanMatcher.Matches(query, s, wordsAnywhere: true)).Select(s => s.SpanId));
    }

    [Fact]
    public void Statistics_group_by_service_and_name_with_self_time()
    {
        var tree = TraceTree.Build([S("A", null, 0, 100, "web", "GET"), S("B", "A", 10, 30, "db", "query"), S("C", "A", 40, 50, "db", "query", SpanStatus.Error)]);

        var stats = SpanStatistics.Of(tree);

        Assert.Equal(("web", "GET", 1, 0, 100.0, 70.0), (stats[0].Service, stats[0].Name, stats[0].Count, stats[0].Errors, stats[0].TotalMs, stats[0].SelfTimeMs));
        Assert.Equal(("db", "query", 2, 1, 30.0, 15.0, 20.0), (stats[1].Service, stats[1].Name, stats[1].Count, stats[1].Errors, stats[1].TotalMs, stats[1].AverageMs, stats[1].MaxMs));
    }
}
