using System.Diagnostics;
using AiLogger.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace AiLogger.Infrastructure.Storage;

/// <summary>A whole store, read table by table (the source of a migration).</summary>
public interface IStoreExport : IAsyncDisposable
{
    string Description { get; }

    Task<long> CountAsync(string table, CancellationToken cancellationToken);

    /// <summary>Rows of <paramref name="table"/> in the order of <paramref name="orderBy"/>, values in <paramref name="columns"/> order.</summary>
    IAsyncEnumerable<object?[]> ReadAsync(string table, IReadOnlyList<string> columns, IReadOnlyList<string> orderBy, CancellationToken cancellationToken);

    /// <summary>The distinct values of <paramref name="column"/> / <paramref name="bucket"/> in <paramref name="table"/>.</summary>
    Task<IReadOnlyList<long>> BucketsAsync(string table, string column, long bucket, CancellationToken cancellationToken);
}

/// <summary>Opens a source store (a SQLite file) for <see cref="StoreMigration"/>.</summary>
public interface IStoreExportFactory
{
    Task<IStoreExport> OpenAsync(string path, CancellationToken cancellationToken);
}

/// <summary>The target of a migration: an empty store of the configured provider.</summary>
public interface IStoreImport
{
    string Description { get; }

    /// <summary>Throws <see cref="StoreMigrationException"/> unless the target holds no events, spans, keys or users.</summary>
    Task EnsureEmptyAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Whether rows of this table are partitioned on <paramref name="column"/>; then <see cref="PrepareAsync"/> gets the
    /// source's distinct values of that column divided by <paramref name="bucket"/> (an hour in the column's unit) first.
    /// </summary>
    bool IsPartitioned(string table, out string column, out long bucket);

    Task PrepareAsync(string table, IReadOnlyList<long> buckets, CancellationToken cancellationToken);

    /// <returns>Rows written.</returns>
    Task<long> CopyAsync(string table, IReadOnlyList<string> columns, IAsyncEnumerable<object?[]> rows, Action<long> progress, CancellationToken cancellationToken);

    Task<long> CountAsync(string table, CancellationToken cancellationToken);

    /// <summary>After the copy: every sequence past the copied ids, statistics refreshed.</summary>
    Task FinishAsync(CancellationToken cancellationToken);
}

public sealed class StoreMigrationException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// <c>AiLogger.Web --migrate-from-sqlite &lt;file&gt;</c>: copies every table of a SQLite store (events, spans,
/// rollups, models, alerts, users, keys, settings…) into the configured, empty PostgreSQL store, keeping ids, and
/// checks that every row arrived. Tables go in foreign-key order; the model (one for both providers) names them.
/// </summary>
public sealed class StoreMigration(IDbContextFactory<AiLoggerDbContext> contexts, IStoreExportFactory sources, IStoreImport target)
{
    public async Task<string> RunAsync(string sqliteFile, TextWriter output, CancellationToken cancellationToken)
    {
        if (!File.Exists(sqliteFile)) throw new StoreMigrationException($"There is no file {sqliteFile}.");
        IReadOnlyList<TableToCopy> tables;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            await db.Database.MigrateAsync(cancellationToken);
            tables = Tables(db.Model);
        }
        await target.EnsureEmptyAsync(cancellationToken);
        await using var source = await sources.OpenAsync(sqliteFile, cancellationToken);
        output.WriteLine($"Copying {source.Description} into {target.Description}: {tables.Count} tables.");

        var clock = Stopwatch.StartNew();
        long total = 0;
        foreach (var table in tables)
        {
            var expected = await source.CountAsync(table.Name, cancellationToken);
            if (target.IsPartitioned(table.Name, out var partitionColumn, out var bucket))
                await target.PrepareAsync(table.Name, await source.BucketsAsync(table.Name, partitionColumn, bucket, cancellationToken), cancellationToken);
            var lastReport = Stopwatch.GetTimestamp();
            var copied = await target.CopyAsync(table.Name, table.Columns, source.ReadAsync(table.Name, table.Columns, table.Key, cancellationToken), rows =>
            {
                if (Stopwatch.GetElapsedTime(lastReport) < TimeSpan.FromSeconds(2)) return;
                lastReport = Stopwatch.GetTimestamp();
                output.WriteLine($"  {table.Name}: {rows:N0} of {expected:N0}");
            }, cancellationToken);
            var stored = await target.CountAsync(table.Name, cancellationToken);
            if (copied != expected || stored != expected)
                throw new StoreMigrationException(
                    $"{table.Name}: the source has {expected:N0} rows but {stored:N0} arrived; the target is incomplete — drop it and run the migration again.");
            if (expected > 0) output.WriteLine($"  {table.Name}: {expected:N0} rows");
            total += expected;
        }
        await target.FinishAsync(cancellationToken);
        return $"Copied {total:N0} rows of {tables.Count} tables from {sqliteFile} in {clock.Elapsed.TotalSeconds:N0} s; every row is accounted for.";
    }

    private sealed record TableToCopy(string Name, IReadOnlyList<string> Columns, IReadOnlyList<string> Key);

    /// <summary>Every table of the model, principals before dependents.</summary>
    private static List<TableToCopy> Tables(IModel model)
    {
        var byTable = new Dictionary<string, (IEntityType Entity, HashSet<string> DependsOn)>(StringComparer.Ordinal);
        foreach (var entity in model.GetEntityTypes().Where(e => e.GetTableName() is not null && !e.IsOwned()))
            byTable[entity.GetTableName()!] = (entity, entity.GetForeignKeys().Select(f => f.PrincipalEntityType.GetTableName()!)
                .Where(t => t != entity.GetTableName()).ToHashSet(StringComparer.Ordinal));

        var ordered = new List<TableToCopy>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        while (done.Count < byTable.Count)
        {
            var ready = byTable.Where(t => !done.Contains(t.Key) && t.Value.DependsOn.All(done.Contains)).Select(t => t.Key).Order(StringComparer.Ordinal).ToList();
            if (ready.Count == 0) throw new StoreMigrationException("The model's foreign keys form a cycle; this build cannot order the copy.");
            foreach (var name in ready)
            {
                var entity = byTable[name].Entity;
                var store = StoreObjectIdentifier.Table(name, entity.GetSchema());
                var columns = entity.GetProperties().Select(p => p.GetColumnName(store)).OfType<string>().Distinct().ToList();
                var key = entity.FindPrimaryKey()?.Properties.Select(p => p.GetColumnName(store)!).ToList() ?? [columns[0]];
                ordered.Add(new TableToCopy(name, columns, key));
                done.Add(name);
            }
        }
        return ordered;
    }
}
