using AiLogger.Domain.Alerts;
using AiLogger.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AiLogger.Infrastructure.Alerts;

internal sealed class AlertRuleStore(IDbContextFactory<AiLoggerDbContext> contexts, AlertStore alerts, AlertChanges changes, TimeProvider time) : IAlertRuleStore
{
    public event Action? Changed
    {
        add => changes.Rules += value;
        remove => changes.Rules -= value;
    }

    public async Task<IReadOnlyList<AlertRule>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.AlertRules.AsNoTracking().ToListAsync(cancellationToken);
        return rows.Select(AlertMapping.ToRule).OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }

    public async Task<AlertRule?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.AlertRules.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        return row is null ? null : AlertMapping.ToRule(row);
    }

    public async Task<AlertRuleResult> CreateAsync(AlertRuleDraft draft, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var (rule, errors) = await ValidateAsync(db, draft, null, cancellationToken);
        if (rule is null) return AlertRuleResult.Invalid(errors);
        var now = time.GetUtcNow();
        var row = new AlertRuleEntity { Name = rule.Name, Kind = rule.Kind, Comparison = string.Empty, Severity = string.Empty, CreatedAt = now, UpdatedAt = now };
        AlertMapping.CopyDefinition(rule, row);
        db.AlertRules.Add(row);
        if (!await Persistence.UniqueViolation.TrySaveAsync(db, cancellationToken)) return NameTaken(rule.Name);
        changes.RaiseRules();
        return new AlertRuleResult { Rule = AlertMapping.ToRule(row) };
    }

    public async Task<AlertRuleResult> UpdateAsync(long id, AlertRuleDraft draft, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.AlertRules.FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (row is null) return new AlertRuleResult { NotFound = true };
        var (rule, errors) = await ValidateAsync(db, draft, id, cancellationToken);
        if (rule is null) return AlertRuleResult.Invalid(errors);
        AlertMapping.CopyDefinition(rule, row);
        row.UpdatedAt = time.GetUtcNow();
        if (!rule.Enabled)
        {
            // A disabled rule is not evaluated, so nothing would ever resolve what it has firing.
            await alerts.ResolveQuietlyAsync(db, id, cancellationToken);
            row.Status = AlertMapping.StatusName(AlertStatus.Ok);
        }
        if (!await Persistence.UniqueViolation.TrySaveAsync(db, cancellationToken)) return NameTaken(rule.Name);
        changes.RaiseRules();
        if (!rule.Enabled) changes.RaiseAlerts();
        return new AlertRuleResult { Rule = AlertMapping.ToRule(row) };
    }

    public async Task<bool> DeleteAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.AlertRules.FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (row is null) return false;
        await alerts.ResolveQuietlyAsync(db, id, cancellationToken);
        db.AlertRules.Remove(row);
        await db.SaveChangesAsync(cancellationToken);
        changes.RaiseRules();
        changes.RaiseAlerts();
        return true;
    }

    private static async Task<(AlertRule? Rule, IReadOnlyDictionary<string, string> Errors)> ValidateAsync(
        AiLoggerDbContext db, AlertRuleDraft draft, long? id, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>(draft.Validate(out var rule));
        var name = draft.Name?.Trim();
        if (!string.IsNullOrEmpty(name) && !errors.ContainsKey("name"))
        {
            var names = await db.AlertRules.AsNoTracking().Where(r => r.Id != id).Select(r => r.Name).ToListAsync(cancellationToken);
            if (names.Contains(name, StringComparer.OrdinalIgnoreCase)) errors["name"] = $"A rule named '{name}' exists already.";
        }
        var wanted = draft.Channels.Distinct().Where(c => c > 0).ToList();
        if (wanted.Count > 0 && !errors.ContainsKey("channels"))
        {
            var known = await db.AlertChannels.AsNoTracking().Where(c => wanted.Contains(c.Id)).Select(c => c.Id).ToListAsync(cancellationToken);
            var missing = wanted.Except(known).ToList();
            if (missing.Count > 0)
                errors["channels"] = missing.Count == 1 ? $"No channel has id {missing[0]}." : $"No channels have ids {string.Join(", ", missing)}.";
        }
        return errors.Count == 0 ? (rule, errors) : (null, errors);
    }

    private static AlertRuleResult NameTaken(string name) =>
        AlertRuleResult.Invalid(new Dictionary<string, string> { ["name"] = $"A rule named '{name}' exists already." });
}
