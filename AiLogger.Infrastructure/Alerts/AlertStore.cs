using AiLogger.Domain.Alerts;
using AiLogger.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AiLogger.Infrastructure.Alerts;

internal sealed class AlertStore(IDbContextFactory<AiLoggerDbContext> contexts, IAlertNotificationFeed feed, AlertChanges changes, TimeProvider time) : IAlertStore
{
    public event Action? Changed
    {
        add => changes.Alerts += value;
        remove => changes.Alerts -= value;
    }

    public async Task<IReadOnlyList<AlertInstance>> ListAsync(AlertListFilter filter, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Alerts.AsNoTracking();
        query = filter.State?.ToLowerInvariant() switch
        {
            "firing" => query.Where(a => a.State == AlertMapping.Firing),
            "resolved" => query.Where(a => a.State == AlertMapping.Resolved),
            "acknowledged" => query.Where(a => a.AcknowledgedAt != null),
            "unacknowledged" => query.Where(a => a.State == AlertMapping.Firing && a.AcknowledgedAt == null),
            _ => query,
        };
        if (filter.RuleId is { } ruleId) query = query.Where(a => a.RuleId == ruleId);
        if (filter.Before is { } before) query = query.Where(a => a.Id < before);
        var rows = await query.OrderByDescending(a => a.Id).Take(Math.Clamp(filter.Limit, 1, AlertListFilter.MaxLimit)).ToListAsync(cancellationToken);
        return rows.Select(AlertMapping.ToAlert).ToList();
    }

    public async Task<AlertInstance?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Alerts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        return row is null ? null : AlertMapping.ToAlert(row);
    }

    public async Task<AlertCounts> CountsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var firing = await db.Alerts.Where(a => a.State == AlertMapping.Firing)
            .GroupBy(a => a.AcknowledgedAt == null).Select(g => new { Open = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        return new AlertCounts(firing.Sum(f => f.Count), firing.Where(f => f.Open).Sum(f => f.Count));
    }

    public async Task<AlertInstance?> AcknowledgeAsync(long id, string who, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Alerts.FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (row is null) return null;
        if (row.AcknowledgedAt is not null) return AlertMapping.ToAlert(row);
        var now = time.GetUtcNow();
        row.AcknowledgedAt = now;
        row.AcknowledgedBy = string.IsNullOrWhiteSpace(who) ? "unknown" : who.Trim();
        row.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        var alert = AlertMapping.ToAlert(row);
        feed.Publish(new AlertNotification { Kind = AlertNotification.Acknowledged, Alert = alert, At = now });
        changes.RaiseAlerts();
        return alert;
    }

    public async Task<AlertRule?> SilenceAsync(long ruleId, DateTimeOffset? until, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.AlertRules.FirstOrDefaultAsync(r => r.Id == ruleId, cancellationToken);
        if (row is null) return null;
        row.SilencedUntil = until;
        row.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        changes.RaiseRules();
        return AlertMapping.ToRule(row);
    }

    /// <summary>Resolves a rule's firing alerts without telling anyone and forgets its state (the rule is disabled or deleted). Saved by the caller.</summary>
    public async Task ResolveQuietlyAsync(AiLoggerDbContext db, long ruleId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var alert in await db.Alerts.Where(a => a.RuleId == ruleId && a.State == AlertMapping.Firing).ToListAsync(cancellationToken))
        {
            alert.State = AlertMapping.Resolved;
            alert.ResolvedAt = now;
            alert.UpdatedAt = now;
        }
        db.AlertRuleStates.RemoveRange(await db.AlertRuleStates.Where(s => s.RuleId == ruleId).ToListAsync(cancellationToken));
    }
}
