using System.Collections.Concurrent;

namespace AiLogger.Infrastructure.Imports;

/// <summary>One scan of the watched folders at a time, and each upload read by one worker only.</summary>
internal sealed class ImportGate
{
    private readonly ConcurrentDictionary<long, byte> _running = new();

    public SemaphoreSlim Scan { get; } = new(1, 1);

    public bool TryEnter(long importId) => _running.TryAdd(importId, 0);

    public void Leave(long importId) => _running.TryRemove(importId, out _);

    public bool IsRunning(long importId) => _running.ContainsKey(importId);
}
