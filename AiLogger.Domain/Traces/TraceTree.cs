namespace AiLogger.Domain.Traces;

/// <summary>
/// A trace's spans as a tree (DESIGN §9 trace view): each span under its parent, children by start time, spans whose
/// parent is missing (or that sit in a parent cycle) at the top. Built without recursion, so no input drives the
/// stack; depth is capped at <see cref="MaxDepth"/> (deeper spans are shown at that depth).
/// </summary>
public sealed class TraceTree
{
    public const int MaxDepth = 256;

    private TraceTree(IReadOnlyList<TraceNode> nodes, IReadOnlyList<TraceNode> roots, long start, long end)
    {
        Nodes = nodes;
        Roots = roots;
        StartUnixNano = start;
        EndUnixNano = end;
    }

    /// <summary>Every span, depth first (parents before children, siblings by start time).</summary>
    public IReadOnlyList<TraceNode> Nodes { get; }

    public IReadOnlyList<TraceNode> Roots { get; }

    public long StartUnixNano { get; }

    public long EndUnixNano { get; }

    public double DurationMs => Math.Max(0, EndUnixNano - StartUnixNano) / 1_000_000.0;

    public static TraceTree Build(IReadOnlyList<Span> spans)
    {
        var byId = new Dictionary<string, TraceNode>(StringComparer.Ordinal);
        foreach (var span in spans.OrderBy(s => s.StartUnixNano).ThenBy(s => s.Id))
            byId.TryAdd(span.SpanId, new TraceNode(span)); // a repeated span id keeps its first span

        var roots = new List<TraceNode>();
        foreach (var node in byId.Values)
        {
            if (node.Span.ParentSpanId is { Length: > 0 } parentId && byId.TryGetValue(parentId, out var parent) && parent != node)
            {
                node.Parent = parent;
                parent.ChildList.Add(node);
            }
        }
        foreach (var node in byId.Values)
            if (node.Parent is null) roots.Add(node);

        // Spans in a parent cycle are reachable from no root: the cycle is cut at its earliest span.
        var nodes = new List<TraceNode>(byId.Count);
        Walk(roots, nodes);
        if (nodes.Count < byId.Count)
        {
            var seen = new HashSet<TraceNode>(nodes);
            foreach (var node in byId.Values)
            {
                if (seen.Contains(node)) continue;
                node.Parent!.ChildList.Remove(node);
                node.Parent = null;
                roots.Add(node);
                var before = nodes.Count;
                Walk([node], nodes);
                for (var i = before; i < nodes.Count; i++) seen.Add(nodes[i]);
            }
            roots.Sort(ByStart);
            nodes.Clear();
            Walk(roots, nodes);
        }

        for (var i = 0; i < nodes.Count; i++) nodes[i].Index = i;
        for (var i = nodes.Count - 1; i >= 0; i--)
        {
            var node = nodes[i];
            node.SelfTimeMs = SelfTime(node);
            if (node.Parent is { } parent) parent.DescendantCount += node.DescendantCount + 1;
        }

        var start = nodes.Count == 0 ? 0 : nodes.Min(n => n.Span.StartUnixNano);
        var end = nodes.Count == 0 ? 0 : nodes.Max(n => Math.Max(n.Span.StartUnixNano, n.Span.EndUnixNano));
        var tree = new TraceTree(nodes, roots, start, end);
        tree.MarkCriticalPath();
        return tree;
    }

    /// <summary>The rows to show: children of collapsed spans left out, and, with a filter, only the spans it keeps.</summary>
    public IEnumerable<TraceNode> Visible(IReadOnlySet<string> collapsed, Func<TraceNode, bool>? keep = null)
    {
        for (var i = 0; i < Nodes.Count; i++)
        {
            var node = Nodes[i];
            if (keep is not null && !keep(node)) continue;
            yield return node;
            if (collapsed.Contains(node.Span.SpanId)) i += node.DescendantCount;
        }
    }

    /// <summary>The spans that have children (what "collapse all" collapses).</summary>
    public IEnumerable<string> Parents() => Nodes.Where(n => n.Children.Count > 0).Select(n => n.Span.SpanId);

    public TraceNode? Find(string spanId) => Nodes.FirstOrDefault(n => n.Span.SpanId == spanId);

    private static int ByStart(TraceNode a, TraceNode b)
    {
        var c = a.Span.StartUnixNano.CompareTo(b.Span.StartUnixNano);
        return c != 0 ? c : a.Span.Id.CompareTo(b.Span.Id);
    }

    private static void Walk(IEnumerable<TraceNode> roots, List<TraceNode> into)
    {
        var stack = new Stack<(TraceNode Node, int Depth)>();
        foreach (var root in roots.Reverse()) stack.Push((root, 0));
        while (stack.Count > 0)
        {
            var (node, depth) = stack.Pop();
            node.Depth = Math.Min(depth, MaxDepth);
            into.Add(node);
            node.ChildList.Sort(ByStart);
            for (var i = node.ChildList.Count - 1; i >= 0; i--) stack.Push((node.ChildList[i], depth + 1));
        }
    }

    /// <summary>The span's duration less the time its children cover (their union, within the span).</summary>
    private static double SelfTime(TraceNode node)
    {
        var (start, end) = (node.Span.StartUnixNano, Math.Max(node.Span.StartUnixNano, node.Span.EndUnixNano));
        long covered = 0, reach = start;
        foreach (var child in node.ChildList) // sorted by start
        {
            var from = Math.Max(child.Span.StartUnixNano, reach);
            var to = Math.Min(child.Span.EndUnixNano, end);
            if (to <= from) continue;
            covered += to - from;
            reach = to;
        }
        return (end - start - covered) / 1_000_000.0;
    }

    /// <summary>
    /// The critical path as Jaeger defines it: from the root that ended last, the part of each span after its last
    /// finishing child, then that child, and, back in the parent, the child that finished last before it started, and
    /// so on. Children are clipped to their parent's bounds first. Each step moves a span's "before" time strictly
    /// back, so the walk ends.
    /// </summary>
    private void MarkCriticalPath()
    {
        if (Roots.Count == 0) return;
        foreach (var node in Nodes) // parents first
        {
            if (node.Parent is not { } parent)
            {
                node.ClipStart = node.Span.StartUnixNano;
                node.ClipEnd = Math.Max(node.Span.StartUnixNano, node.Span.EndUnixNano);
                continue;
            }
            node.Outside = parent.Outside || node.Span.StartUnixNano > parent.ClipEnd || node.Span.EndUnixNano < parent.ClipStart;
            node.ClipStart = Math.Clamp(node.Span.StartUnixNano, parent.ClipStart, parent.ClipEnd);
            node.ClipEnd = Math.Clamp(node.Span.EndUnixNano, node.ClipStart, parent.ClipEnd);
        }

        var root = Roots.MaxBy(r => r.ClipEnd)!;

        var current = root;
        long? before = null;
        for (var steps = 0; steps < 4 * Nodes.Count + 4; steps++)
        {
            TraceNode? last = null;
            foreach (var child in current.ChildList)
            {
                if (child.Outside) continue;
                if (before is { } b && child.ClipEnd >= b) continue;
                if (last is null || child.ClipEnd > last.ClipEnd) last = child;
            }
            var sectionEnd = before ?? current.ClipEnd;
            if (last is not null)
            {
                current.AddCritical(last.ClipEnd, sectionEnd);
                current = last;
                before = null;
                continue;
            }
            current.AddCritical(current.ClipStart, sectionEnd);
            if (current.Parent is null) break;
            before = current.ClipStart;
            current = current.Parent;
        }
    }
}

/// <summary>One span in a <see cref="TraceTree"/>.</summary>
public sealed class TraceNode(Span span)
{
    internal readonly List<TraceNode> ChildList = [];
    private List<(long Start, long End)>? _critical;

    internal long ClipStart { get; set; }

    internal long ClipEnd { get; set; }

    /// <summary>Entirely outside its parent's time: left off the critical path, as Jaeger does.</summary>
    internal bool Outside { get; set; }

    public Span Span { get; } = span;

    public TraceNode? Parent { get; internal set; }

    public IReadOnlyList<TraceNode> Children => ChildList;

    public int Depth { get; internal set; }

    /// <summary>Position in <see cref="TraceTree.Nodes"/>.</summary>
    public int Index { get; internal set; }

    public int DescendantCount { get; internal set; }

    public double SelfTimeMs { get; internal set; }

    /// <summary>The parts of this span on the critical path (Unix nanoseconds), latest first; empty when it is not on it.</summary>
    public IReadOnlyList<(long Start, long End)> CriticalSections => _critical ?? (IReadOnlyList<(long, long)>)[];

    /// <summary>On the critical path, even when its sections there are empty (a span that ends as its parent does).</summary>
    public bool OnCriticalPath { get; private set; }

    internal void AddCritical(long start, long end)
    {
        OnCriticalPath = true;
        if (end <= start) return;
        (_critical ??= []).Add((start, end));
    }
}
