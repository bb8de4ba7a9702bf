using AiLogger.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiLogger.Infrastructure.Persistence.Configurations;

internal sealed class AiLoggerUserConfiguration : IEntityTypeConfiguration<AiLoggerUser>
{
    public void Configure(EntityTypeBuilder<AiLoggerUser> builder)
    {
        builder.Property(u => u.CreatedAt).HasConversion<UtcTicksConverter>();
        builder.Property(u => u.LastSignInAt).HasConversion<UtcTicksConverter>();
    }
}
