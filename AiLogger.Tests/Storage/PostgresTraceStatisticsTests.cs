using AiLogger.Domain.Traces;
using AiLogger.Tests.Support;
using AiLogger.Tests.Traces;
using Microsoft.Extensions.DependencyInjection;

namespace AiLogger.Tests.Storage;

/// <summary>
/// Every trace and LLM usage figure of <see cref="TraceStatisticsTests"/>, worked out by hand there, read from
/// PostgreSQL: the same spans, written by SQLite's writer, copied row for row into a PostgreSQL database.
/// </summary>
public sealed class PostgresTraceStatisticsTests : TraceStatisticsTests
{
    private readonly TempDirectory _directory = new();
    private PostgresTestStore? _postgres;

    protected override IDictionary<string, string?> HostSettings => new Dictionary<string, string?>
    {
        ["ConnectionStrings:AiLogger"] = $"Data Source={_directory.File("store.db")}",
        ["AiLogger:Storage:Provider"] = "Sqlite",
    };

    protected override ITraceStatistics Statistics
    {
        get
        {
            ScaleOut.RequirePostgres();
            var statistics = _postgres!.Get<ITraceStatistics>();
            Assert.Equal("PostgresTraceStatistics", statistics.GetType().Name);
            return statistics;
        }
    }

    protected override async Task WrittenAsync(InfrastructureHost host)
    {
        if (!TestStorage.PostgresAvailable()) return;
        _postgres = await PostgresTestStore.CreateAsync(services: s => s.AddSingleton(Clock));
        await _postgres.CopyFromSqliteAsync(_directory.File("store.db"));
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_postgres is not null) await _postgres.DisposeAsync();
        _directory.Dispose();
    }
}
