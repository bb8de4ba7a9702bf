using System.Collections.Concurrent;

namespace AiLogger.Infrastructure.Imports;

/// <summary>The uploads this node is reading now (across nodes, each upload's <see cref="ScaleOut.ClusterLocks"/> lock).</summary>
internal sealed class ImportGate
{
    private readonly ConcurrentDictionary<long, byte> _running = new();

    public bool TryEnter(long importId) => _running.TryAdd(importId, 0);

    public void Leave(long importId) => _running.TryRemove(importId, out _);

    public bool IsRunning(long importId) => _running.ContainsKey(importId);
}
