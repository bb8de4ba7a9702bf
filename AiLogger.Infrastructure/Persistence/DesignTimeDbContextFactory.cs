using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AiLogger.Infrastructure.Persistence;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the web app.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<AiLoggerDbContext>
{
    public AiLoggerDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<AiLoggerDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
