namespace AiLogger.Domain.Traces;

/// <summary>
/// Compares two traces the way Jaeger's trace diff does: the spans of each are merged by path (the chain of service +
/// name from the root), siblings with the same service and name becoming one node with a count, and the two merged
/// trees are laid over each other. Iterative throughout and bounded in depth, so a deep trace or a cycle in parent ids
/// (which arrives from the network) neither overflows the stack nor loops.
/// </summary>
public static class TraceDiff
{
    /// <summary>Nodes deeper than this are not built; their spans are counted in <see cref="TraceDiffTree.SpansBeyondDepthA"/>/B.</summary>
    public const int MaxDepth = 256;

    public static TraceDiffTree Compare(IReadOnlyList<Span> a, IReadOnlyList<Span> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var roots = new Builder(null, string.Empty, -1);
        var beyondA = Merge(a, roots, sideA: true);
        var beyondB = Merge(b, roots, sideA: false);
        var (built, count) = Build(roots);
        return new TraceDiffTree(built, count, beyondA, beyondB);
    }

    /// <summary>Walks one trace from its roots into the merged tree; returns the spans left out below <see cref="MaxDepth"/>.</summary>
    private static int Merge(IReadOnlyList<Span> spans, Builder roots, bool sideA)
    {
        // The same span id twice is one span (as the store keeps it); the first wins.
        var byId = new Dictionary<string, Span>(spans.Count, StringComparer.Ordinal);
        foreach (var span in spans) byId.TryAdd(span.SpanId, span);
        var children = new Dictionary<string, List<Span>>(StringComparer.Ordinal);
        var starts = new List<Span>();
        foreach (var span in byId.Values)
        {
            // A span whose parent is missing (or itself) is a root.
            if (span.ParentSpanId is { } parent && parent != span.SpanId && byId.ContainsKey(parent))
            {
                if (!children.TryGetValue(parent, out var list)) children[parent] = list = [];
                list.Add(span);
            }
            else starts.Add(span);
        }

        var visited = new HashSet<string>(StringComparer.Ordinal);
        var beyond = 0;
        var stack = new Stack<(Span Span, Builder Parent, int Depth)>();
        foreach (var root in starts.OrderBy(s => s.StartUnixNano)) stack.Push((root, roots, 0));
        // Spans in a parent cycle are reached from no root: the earliest of those left starts a walk of its own.
        var remaining = byId.Values.OrderBy(s => s.StartUnixNano).ThenBy(s => s.SpanId, StringComparer.Ordinal).GetEnumerator();
        while (true)
        {
            while (stack.Count > 0)
            {
                var (span, parent, depth) = stack.Pop();
                if (!visited.Add(span.SpanId)) continue;
                if (depth >= MaxDepth)
                {
                    beyond++;
                    // Still walked (bounded by the visited set) so its descendants are counted, not treated as cycle roots.
                    if (children.TryGetValue(span.SpanId, out var deeper)) foreach (var child in deeper) stack.Push((child, parent, depth + 1));
                    continue;
                }
                var node = parent.Child(span.Service, span.Name);
                if (sideA)
                {
                    node.CountA++;
                    node.DurationMsA += span.DurationMs;
                }
                else
                {
                    node.CountB++;
                    node.DurationMsB += span.DurationMs;
                }
                if (children.TryGetValue(span.SpanId, out var below)) foreach (var child in below) stack.Push((child, node, depth + 1));
            }
            var next = (Span?)null;
            while (remaining.MoveNext())
            {
                if (visited.Contains(remaining.Current.SpanId)) continue;
                next = remaining.Current;
                break;
            }
            if (next is null) break;
            stack.Push((next, roots, 0));
        }
        remaining.Dispose();
        return beyond;
    }

    /// <summary>Builders to nodes, children before parents (reverse pre-order), ids in pre-order of the sorted tree.</summary>
    private static (IReadOnlyList<TraceDiffNode> Roots, int Count) Build(Builder roots)
    {
        // First pass: sort every level (needs the subtree sums, which a builder already holds for itself).
        var order = new List<Builder>();
        var stack = new Stack<Builder>();
        stack.Push(roots);
        while (stack.Count > 0)
        {
            var builder = stack.Pop();
            order.Add(builder);
            builder.Sorted = builder.Children.Values
                .OrderByDescending(c => Math.Abs(c.DurationMsB - c.DurationMsA))
                .ThenBy(c => c.Service, StringComparer.Ordinal)
                .ThenBy(c => c.Name, StringComparer.Ordinal)
                .ToList();
            for (var i = builder.Sorted.Count - 1; i >= 0; i--) stack.Push(builder.Sorted[i]);
        }
        // order is now the pre-order of the sorted tree; its index is the node id (the root holder is not a node).
        for (var i = order.Count - 1; i >= 1; i--)
        {
            var b = order[i];
            b.Node = new TraceDiffNode
            {
                Id = i - 1,
                Depth = b.Depth,
                Service = b.Service,
                Name = b.Name,
                CountA = b.CountA,
                CountB = b.CountB,
                DurationMsA = b.DurationMsA,
                DurationMsB = b.DurationMsB,
                Children = b.Sorted.Select(c => c.Node!).ToList(),
            };
        }
        return (roots.Sorted.Select(c => c.Node!).ToList(), order.Count - 1);
    }

    private sealed class Builder(string? service, string name, int depth)
    {
        public string? Service { get; } = service;
        public string Name { get; } = name;
        public int Depth { get; } = depth;
        public int CountA { get; set; }
        public int CountB { get; set; }
        public double DurationMsA { get; set; }
        public double DurationMsB { get; set; }
        public Dictionary<(string?, string), Builder> Children { get; } = [];
        public List<Builder> Sorted { get; set; } = [];
        public TraceDiffNode? Node { get; set; }

        public Builder Child(string? service, string name)
        {
            if (!Children.TryGetValue((service, name), out var child)) Children[(service, name)] = child = new Builder(service, name, Depth + 1);
            return child;
        }
    }
}
