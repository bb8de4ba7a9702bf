using System.Text;

namespace AiLogger.Infrastructure.ScaleOut;

/// <summary>
/// This process among the nodes sharing one database: <see cref="Id"/> is new at every start (live fan-out ignores its
/// own messages by it, and a restarted node is a new publisher); <see cref="Queue"/> is the machine's own Hangfire queue,
/// for jobs that read a file only this machine's disk holds (uploads).
/// </summary>
public sealed class NodeIdentity
{
    public NodeIdentity() : this(Environment.MachineName)
    {
    }

    internal NodeIdentity(string machine)
    {
        Machine = machine;
        Id = $"{(machine.Length > 100 ? machine[..100] : machine)}/{Environment.ProcessId}/{Guid.NewGuid():N}";
        Queue = QueueName(machine);
    }

    public string Id { get; }

    public string Machine { get; }

    public string Queue { get; }

    /// <summary>Hangfire accepts lower-case letters, digits, '_' and '-' in a queue's name.</summary>
    internal static string QueueName(string machine)
    {
        var name = new StringBuilder("node-");
        foreach (var c in machine.ToLowerInvariant())
            name.Append(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_' or '-' ? c : '_');
        return name.Length > 60 ? name.ToString(0, 60) : name.ToString();
    }
}
