using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AiLogger.Infrastructure.Persistence.Postgres;

/// <summary>
/// The same model on PostgreSQL, with its own migrations (<c>Persistence/Postgres/Migrations</c>). Columns SQLite
/// compares with NOCASE get an ICU case-insensitive collation, so equality (EF's and raw SQL's) means the same on
/// both; PostgreSQL 15 refuses LIKE on such a column, so prefix matches name a deterministic collation explicitly.
/// JSON columns are <c>json</c> (kept as sent, key order included). The event and span tables are partitioned by
/// day in the migration itself.
/// </summary>
public sealed class PostgresDbContext(DbContextOptions<PostgresDbContext> options) : AiLoggerDbContext(options)
{
    /// <summary>Case-insensitive, accent-sensitive (ICU level 2), like SQLite's NOCASE for ASCII.</summary>
    public const string CaseInsensitive = "ailogger_nocase";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.HasCollation(CaseInsensitive, locale: "und-u-ks-level2", provider: "icu", deterministic: false);
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
                if (property.GetCollation() == "NOCASE") property.SetCollation(CaseInsensitive);
            foreach (var index in entity.GetIndexes())
                if (index.GetFilter() is { } filter) index.SetFilter(filter.Replace("is_gen_ai = 1", "is_gen_ai", StringComparison.Ordinal).Replace("flaky = 1", "flaky", StringComparison.Ordinal));
        }
        modelBuilder.Entity<Domain.Logs.LogEvent>().Property(e => e.PropertiesJson).HasColumnType("json");
        modelBuilder.Entity<Domain.Logs.LogEvent>().Property(e => e.Tags).HasColumnType("json");
    }
}

/// <summary>Lets <c>dotnet ef migrations add … --context PostgresDbContext</c> build the model without a server.</summary>
internal sealed class PostgresDesignTimeDbContextFactory : IDesignTimeDbContextFactory<PostgresDbContext>
{
    public PostgresDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresDbContext>().UseNpgsql("Host=localhost;Database=ailogger_design").Options);
}
