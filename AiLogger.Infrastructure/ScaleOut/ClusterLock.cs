namespace AiLogger.Infrastructure.ScaleOut;

/// <summary>A held <see cref="ClusterLocks"/> lease; disposing releases it.</summary>
public sealed class ClusterLock : IAsyncDisposable
{
    private readonly Func<ValueTask> _release;
    private readonly CancellationTokenSource _lost;
    private int _released;

    internal ClusterLock(string name, CancellationTokenSource lost, Func<ValueTask> release)
    {
        Name = name;
        _lost = lost;
        _release = release;
    }

    public string Name { get; }

    /// <summary>Cancelled when the lease could not be renewed (the database was unreachable for a whole lease): stop the work.</summary>
    public CancellationToken Lost => _lost.Token;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _released, 1) == 1) return;
        await _release();
    }
}
