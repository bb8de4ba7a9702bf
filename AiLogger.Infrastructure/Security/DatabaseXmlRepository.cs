using System.Xml.Linq;
using AiLogger.Infrastructure.Persistence;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;

namespace AiLogger.Infrastructure.Security;

/// <summary>
/// Data-protection keys in AI-Logger's own database: sign-ins survive a restart, and every node of a
/// scaled-out install reads the same keys.
/// </summary>
internal sealed class DatabaseXmlRepository(IDbContextFactory<AiLoggerDbContext> contexts) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var db = contexts.CreateDbContext();
        return db.DataProtectionKeys.AsNoTracking().Select(k => k.Xml).AsEnumerable().Select(XElement.Parse).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var db = contexts.CreateDbContext();
        db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        db.SaveChanges();
    }
}
