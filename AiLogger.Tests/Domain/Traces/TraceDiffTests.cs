using AiLogger.Domain.Traces;

namespace AiLogger.Tests.Domain.Traces;

/// <summary>Trace diff on hand-built spans: merging by path, counts and sums, only-in markers, order, orphans and cycles.</summary>
public sealed class TraceDiffTests
{
    private const long Ms = 1_000_000;

    private static Span S(string id, string? parent, string service, string name, double ms, long startMs = 0) => new()
    {
        TraceId = "0123456789abcdef0123456789abcdef",
        SpanId = id,
        ParentSpanId = parent,
        Service = service,
        Name = name,
        StartUnixNano = startMs * Ms,
        EndUnixNano = startMs * Ms + (long)(ms * Ms),
    };

    [Fact]
    public void Siblings_with_the_same_service_and_name_merge_into_one_node_with_a_count_and_summed_durations()
    {
        Span[] a = [S("r", null, "api", "GET /", 100), S("q1", "r", "db", "query", 10), S("q2", "r", "db", "query", 15), S("q3", "r", "db", "query", 5)];
        Span[] b = [S("r", null, "api", "GET /", 60), S("q1", "r", "db", "query", 12)];

        var tree = TraceDiff.Compare(a, b);

        var root = Assert.Single(tree.Roots);
        Assert.Equal(("api", "GET /", 1, 1, 100.0, 60.0, -40.0), (root.Service, root.Name, root.CountA, root.CountB, root.DurationMsA, root.DurationMsB, root.DifferenceMs));
        var query = Assert.Single(root.Children);
        Assert.Equal(("db", "query", 3, 1, 30.0, 12.0), (query.Service, query.Name, query.CountA, query.CountB, query.DurationMsA, query.DurationMsB));
        Assert.Equal(TraceDiffSide.Both, query.Only);
        Assert.Equal(1, query.Depth);
        Assert.Equal(2, tree.NodeCount);
    }

    [Fact]
    public void The_same_name_under_different_parents_or_services_stays_apart()
    {
        Span[] a =
        [
            S("r", null, "api", "GET /", 100),
            S("c1", "r", "api", "load", 40), S("q1", "c1", "db", "query", 10),
            S("c2", "r", "api", "save", 40), S("q2", "c2", "db", "query", 20),
            S("q3", "r", "cache", "query", 1),
        ];

        var tree = TraceDiff.Compare(a, []);

        var root = Assert.Single(tree.Roots);
        Assert.Equal(3, root.Children.Count);
        Assert.Equal(10, root.Children.Single(c => c.Name == "load").Children.Single().DurationMsA);
        Assert.Equal(20, root.Children.Single(c => c.Name == "save").Children.Single().DurationMsA);
        Assert.Equal("cache", root.Children.Single(c => c.Name == "query").Service);
        Assert.Equal(6, tree.NodeCount);
    }

    [Fact]
    public void Paths_present_on_one_side_only_are_marked_and_their_missing_side_is_zero()
    {
        Span[] a = [S("r", null, "api", "GET /", 50), S("x", "r", "api", "old step", 20)];
        Span[] b = [S("r", null, "api", "GET /", 50), S("y", "r", "llm", "chat gpt-4o", 30)];

        var root = Assert.Single(TraceDiff.Compare(a, b).Roots);

        var old = root.Children.Single(c => c.Name == "old step");
        var added = root.Children.Single(c => c.Name == "chat gpt-4o");
        Assert.Equal((TraceDiffSide.OnlyA, 1, 0, 0.0, -20.0), (old.Only, old.CountA, old.CountB, old.DurationMsB, old.DifferenceMs));
        Assert.Equal((TraceDiffSide.OnlyB, 0, 1, 0.0, 30.0), (added.Only, added.CountA, added.CountB, added.DurationMsA, added.DifferenceMs));
        Assert.Equal(TraceDiffSide.Both, root.Only);
    }

    [Fact]
    public void Children_come_largest_absolute_difference_first()
    {
        Span[] a = [S("r", null, "api", "GET /", 500), S("1", "r", "a", "small", 10), S("2", "r", "a", "faster", 200), S("3", "r", "a", "slower", 10)];
        Span[] b = [S("r", null, "api", "GET /", 500), S("1", "r", "a", "small", 12), S("2", "r", "a", "faster", 50), S("3", "r", "a", "slower", 110)];

        var root = Assert.Single(TraceDiff.Compare(a, b).Roots);

        Assert.Equal(["faster", "slower", "small"], root.Children.Select(c => c.Name));
        Assert.Equal([-150.0, 100.0, 2.0], root.Children.Select(c => Math.Round(c.DifferenceMs, 6)));
    }

    [Fact]
    public void Spans_whose_parent_is_missing_count_as_roots()
    {
        Span[] a = [S("r", null, "api", "GET /", 50), S("o", "not-in-trace", "worker", "job", 30), S("c", "o", "worker", "step", 10)];

        var tree = TraceDiff.Compare(a, [S("o2", "also-missing", "worker", "job", 20)]);

        Assert.Equal(2, tree.Roots.Count);
        var job = tree.Roots.Single(r => r.Name == "job");
        Assert.Equal((1, 1, 30.0, 20.0), (job.CountA, job.CountB, job.DurationMsA, job.DurationMsB));
        Assert.Equal("step", Assert.Single(job.Children).Name);
        Assert.Equal(0, job.Depth);
    }

    [Fact]
    public void A_cycle_in_parent_ids_terminates_and_counts_every_span_once()
    {
        // x → y → z → x: no span of the cycle has a missing parent; the earliest one starts the walk.
        Span[] a = [S("x", "z", "svc", "x", 1, startMs: 0), S("y", "x", "svc", "y", 2, startMs: 1), S("z", "y", "svc", "z", 3, startMs: 2), S("self", "self", "svc", "self", 4)];

        var tree = TraceDiff.Compare(a, a);

        Assert.Equal(4, tree.NodeCount);
        Assert.Equal(["self", "x"], tree.Roots.Select(r => r.Name).Order());
        var x = tree.Roots.Single(r => r.Name == "x");
        Assert.Equal("z", x.Children.Single().Children.Single().Name);
        Assert.All(tree.PreOrder(), n => Assert.Equal((1, 1), (n.CountA, n.CountB)));
    }

    [Fact]
    public void Depth_is_capped_and_the_spans_below_the_cap_are_counted()
    {
        var chain = Enumerable.Range(0, 10_000).Select(i => S($"{i}", i == 0 ? null : $"{i - 1}", "svc", "call", 1)).ToList();

        var tree = TraceDiff.Compare(chain, chain.Take(100).ToList());

        Assert.Equal(TraceDiff.MaxDepth, tree.NodeCount);
        Assert.Equal(10_000 - TraceDiff.MaxDepth, tree.SpansBeyondDepthA);
        Assert.Equal(0, tree.SpansBeyondDepthB);
        Assert.True(tree.DepthCapped);
        Assert.Equal(TraceDiff.MaxDepth - 1, tree.PreOrder().Max(n => n.Depth));
    }

    [Fact]
    public void A_wide_trace_of_ten_thousand_spans_merges_into_few_nodes()
    {
        var wide = new List<Span> { S("r", null, "api", "batch", 1000) };
        wide.AddRange(Enumerable.Range(0, 9_999).Select(i => S($"c{i}", "r", "llm", i % 2 == 0 ? "embed" : "chat", 1)));

        var tree = TraceDiff.Compare(wide, wide);

        Assert.Equal(3, tree.NodeCount);
        Assert.Equal(5_000, tree.Roots[0].Children.Single(c => c.Name == "embed").CountA);
    }

    [Fact]
    public void Node_ids_follow_the_pre_order_of_the_sorted_tree()
    {
        Span[] a = [S("r", null, "api", "GET /", 100), S("1", "r", "a", "one", 10), S("2", "1", "a", "two", 5), S("3", "r", "a", "three", 50)];

        var tree = TraceDiff.Compare(a, []);

        Assert.Equal([0, 1, 2, 3], tree.PreOrder().Select(n => n.Id));
        Assert.Equal(["GET /", "three", "one", "two"], tree.PreOrder().Select(n => n.Name));
        Assert.Equal(["GET /", "three", "one"], tree.PreOrder(n => n.Name != "one").Select(n => n.Name));
    }
}
