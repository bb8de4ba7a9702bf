namespace AiLogger.Domain.Traces;

/// <summary>The result of <see cref="TraceDiff.Compare"/>: the merged roots, and what the depth cap left out.</summary>
public sealed record TraceDiffTree(IReadOnlyList<TraceDiffNode> Roots, int NodeCount, int SpansBeyondDepthA, int SpansBeyondDepthB)
{
    public bool DepthCapped => SpansBeyondDepthA > 0 || SpansBeyondDepthB > 0;

    /// <summary>Every node in pre-order (parents before their children, in their sorted order), without recursion.</summary>
    public IEnumerable<TraceDiffNode> PreOrder(Func<TraceDiffNode, bool>? descend = null)
    {
        var stack = new Stack<TraceDiffNode>();
        for (var i = Roots.Count - 1; i >= 0; i--) stack.Push(Roots[i]);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            yield return node;
            if (descend is not null && !descend(node)) continue;
            for (var i = node.Children.Count - 1; i >= 0; i--) stack.Push(node.Children[i]);
        }
    }
}
