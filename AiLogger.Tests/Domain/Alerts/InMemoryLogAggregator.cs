using AiLogger.Domain.Logs;

namespace AiLogger.Tests.Domain.Alerts;

/// <summary>Counts over events held in memory with the query's own matcher: the aggregator's contract without a database.</summary>
internal sealed class InMemoryLogAggregator : ILogAggregator
{
    public List<LogEvent> Events { get; } = [];

    public Task<LogAggregate> AggregateAsync(LogAggregateRequest request, CancellationToken cancellationToken)
    {
        var matching = Events.Where(e => request.Query.Matches(e)
                                         && (request.From is not { } from || e.Timestamp >= from)
                                         && (request.To is not { } to || e.Timestamp < to)).ToList();
        IReadOnlyList<ValueCount> groups = request.GroupBy switch
        {
            null => [],
            "source" => matching.GroupBy(e => e.Source).Select(g => new ValueCount(g.Key, g.Count())).OrderByDescending(g => g.Count).ToList(),
            "level" => matching.GroupBy(e => e.Level.Name()).Select(g => new ValueCount(g.Key, g.Count())).OrderByDescending(g => g.Count).ToList(),
            _ => throw new NotSupportedException(request.GroupBy),
        };
        var histogram = new List<LevelCountBucket>();
        if (request.Interval is { } interval)
        {
            var origin = request.From!.Value.UtcTicks - request.From.Value.UtcTicks % interval.Ticks;
            for (var start = origin; start < request.To!.Value.UtcTicks; start += interval.Ticks)
            {
                var bucket = matching.Where(e => e.Timestamp.UtcTicks >= start && e.Timestamp.UtcTicks < start + interval.Ticks).ToList();
                histogram.Add(new LevelCountBucket(new DateTimeOffset(start, TimeSpan.Zero),
                    LogLevels.All.ToDictionary(l => l, l => (long)bucket.Count(e => e.Level == l))));
            }
        }
        return Task.FromResult(new LogAggregate { Total = matching.Count, Groups = groups, Histogram = histogram });
    }
}
