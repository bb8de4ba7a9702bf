using System.Globalization;

namespace AiLogger.Bench;

public sealed record BenchArguments(int Events, int Batch, int Connections, bool Direct, string Synchronous, int Warmup, string Provider = "sqlite")
{
    /// <summary>The whole number after <paramref name="name"/>, or <paramref name="fallback"/> when it is not given.</summary>
    public static int Option(string[] args, string name, int fallback) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;

    public static BenchArguments Parse(string[] args)
    {
        string? Value(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }
        int Int(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new BenchArguments(
            Events: Int("--events", 100_000),
            Batch: Int("--batch", 1_000),
            Connections: Int("--connections", 4),
            Direct: args.Contains("--direct"),
            Synchronous: Value("--sync") ?? "Normal",
            Warmup: Int("--warmup", 50_000),
            Provider: (Value("--provider") ?? "sqlite").ToLowerInvariant());
    }
}
