using AiLogger.Domain.Logs;

namespace AiLogger.Bench;

/// <summary>
/// Generated store for the query scenario: timestamps spread over 7 days (in arrival order, a few late),
/// 20 sources, Zipf-distributed words, ~5 properties.
/// </summary>
public sealed class QueryWorkload
{
    public const int Vocabulary = 2_000;
    public const int Sources = 20;
    private readonly double[] _cumulative;

    public QueryWorkload(double exponent = 1.1)
    {
        _cumulative = new double[Vocabulary];
        double sum = 0;
        for (var rank = 1; rank <= Vocabulary; rank++)
        {
            sum += 1 / Math.Pow(rank, exponent);
            _cumulative[rank - 1] = sum;
        }
        for (var i = 0; i < Vocabulary; i++) _cumulative[i] /= sum;
    }

    /// <summary>The word of a Zipf rank (1 = most frequent): pronounceable, distinct, no digits.</summary>
    public static string Word(int rank)
    {
        const string consonants = "bcdfghklmnprstvz";
        const string vowels = "aeiou";
        var chars = new char[6];
        var n = rank;
        for (var i = 0; i < 6; i++)
        {
            chars[i] = i % 2 == 0 ? consonants[n % consonants.Length] : vowels[n % vowels.Length];
            n /= i % 2 == 0 ? consonants.Length : vowels.Length;
        }
        return new string(chars);
    }

    public static string Source(int index) => $"service-{index:D2}";

    public LogEvent Event(Random random, long index, long total, DateTimeOffset start, TimeSpan span)
    {
        var at = start + span * (index / (double)total);
        if (random.Next(100) == 0) at -= TimeSpan.FromMinutes(random.Next(1, 600)); // late arrivals
        var words = new string[random.Next(8, 15)];
        for (var i = 0; i < words.Length; i++) words[i] = Word(Rank(random));
        var level = random.Next(1000) switch
        {
            < 50 => LogLevel.Debug,
            < 900 => LogLevel.Information,
            < 970 => LogLevel.Warning,
            < 997 => LogLevel.Error,
            _ => LogLevel.Fatal,
        };
        var source = Source(Math.Min(Sources - 1, (int)(-Math.Log(1 - random.NextDouble()) * 4)));
        return new LogEvent
        {
            Timestamp = at,
            Level = level,
            Message = string.Join(' ', words),
            Source = source,
            Exception = level >= LogLevel.Error && random.Next(3) == 0 ? $"System.InvalidOperationException: {Word(Rank(random))} failed\n   at Service.Handle()" : null,
            TraceId = random.Next(4) == 0 ? $"{random.NextInt64():x16}{random.NextInt64():x16}" : null,
            PropertiesJson = $$"""{"duration_ms":{{random.Next(0, 1000)}},"status_code":{{(random.Next(20) == 0 ? 500 : 200)}},"user":"u{{random.Next(100_000)}}","region":"{{(random.Next(3) switch { 0 => "eu", 1 => "us", _ => "ap" })}}","attempt":{{random.Next(1, 4)}}}""",
        };
    }

    private int Rank(Random random)
    {
        var u = random.NextDouble();
        var index = Array.BinarySearch(_cumulative, u);
        return (index < 0 ? ~index : index) + 1;
    }
}
