using AiLogger.Domain.Alerts;
using AiLogger.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AiLogger.Infrastructure.Alerts;

internal sealed class AlertChannelStore(
    IDbContextFactory<AiLoggerDbContext> contexts, AlertNotifiers notifiers, AlertLinks links, AlertChanges changes, ChannelHostPolicy hosts,
    TimeProvider time) : IAlertChannelStore
{
    public event Action? Changed
    {
        add => changes.Channels += value;
        remove => changes.Channels -= value;
    }

    public async Task<IReadOnlyList<AlertChannel>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.AlertChannels.AsNoTracking().ToListAsync(cancellationToken);
        var pending = await PendingAsync(db, null, cancellationToken);
        return rows.OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
            .Select(c => AlertMapping.ToChannel(c, pending.GetValueOrDefault(c.Id))).ToList();
    }

    public async Task<AlertChannel?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.AlertChannels.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        return row is null ? null : AlertMapping.ToChannel(row, (await PendingAsync(db, id, cancellationToken)).GetValueOrDefault(id));
    }

    public async Task<AlertChannelResult> CreateAsync(AlertChannelDraft draft, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var errors = await ValidateAsync(db, draft, null, cancellationToken);
        if (errors.Count > 0) return AlertChannelResult.Invalid(errors);
        var now = time.GetUtcNow();
        var row = new AlertChannelEntity { Name = string.Empty, Kind = string.Empty, CreatedAt = now };
        Copy(draft, row, now);
        db.AlertChannels.Add(row);
        if (!await Persistence.UniqueViolation.TrySaveAsync(db, cancellationToken)) return NameTaken(row.Name);
        changes.RaiseChannels();
        return new AlertChannelResult { Channel = AlertMapping.ToChannel(row) };
    }

    public async Task<AlertChannelResult> UpdateAsync(long id, AlertChannelDraft draft, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.AlertChannels.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (row is null) return new AlertChannelResult { NotFound = true };
        var errors = await ValidateAsync(db, draft, id, cancellationToken);
        if (errors.Count > 0) return AlertChannelResult.Invalid(errors);
        Copy(draft, row, time.GetUtcNow());
        if (!await Persistence.UniqueViolation.TrySaveAsync(db, cancellationToken)) return NameTaken(row.Name);
        changes.RaiseChannels();
        return new AlertChannelResult { Channel = AlertMapping.ToChannel(row, (await PendingAsync(db, id, cancellationToken)).GetValueOrDefault(id)) };
    }

    public async Task<bool> DeleteAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.AlertChannels.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (row is null) return false;
        foreach (var rule in await db.AlertRules.Where(r => r.Channels != string.Empty).ToListAsync(cancellationToken))
        {
            var ids = AlertMapping.ParseIds(rule.Channels);
            if (ids.Contains(id)) rule.Channels = AlertMapping.FormatIds(ids.Where(c => c != id));
        }
        db.AlertChannels.Remove(row);
        await db.SaveChangesAsync(cancellationToken);
        changes.RaiseChannels();
        changes.RaiseRules();
        return true;
    }

    public async Task<AlertDeliveryResult?> SendTestAsync(long id, CancellationToken cancellationToken)
    {
        AlertChannelEntity? channel;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            channel = await db.AlertChannels.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (channel is null) return null;
        var now = time.GetUtcNow();
        var message = new AlertMessage
        {
            Rule = new AlertMessageRule(0, "Test notification"),
            Severity = AlertSeverity.Low.Name(),
            State = "test",
            Value = 1,
            Threshold = 1,
            Comparison = AlertComparison.GreaterOrEqual.Symbol(),
            Window = "5m",
            Condition = $"A test from AI-Logger: the channel '{channel.Name}' works.",
            Samples = [new AlertSample(0, now, "Information", "This is a sample event of a test notification.", "ailogger")],
            StartedAt = now,
            Link = links.Rules,
        };
        var result = await notifiers.SendAsync(channel, message.Serialize(), null, cancellationToken);
        await RecordAsync(id, result, cancellationToken);
        return result;
    }

    /// <summary>Records a delivery's outcome on its channel, so the channels page shows failures.</summary>
    public async Task RecordAsync(long channelId, AlertDeliveryResult result, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (result.Success)
            await db.AlertChannels.Where(c => c.Id == channelId).ExecuteUpdateAsync(set => set
                .SetProperty(c => c.LastAttemptAt, now)
                .SetProperty(c => c.LastSuccessAt, now), cancellationToken);
        else
            await db.AlertChannels.Where(c => c.Id == channelId).ExecuteUpdateAsync(set => set
                .SetProperty(c => c.LastAttemptAt, now)
                .SetProperty(c => c.LastFailureAt, now)
                .SetProperty(c => c.LastError, result.Error), cancellationToken);
        changes.RaiseChannels();
    }

    private static async Task<Dictionary<long, int>> PendingAsync(AiLoggerDbContext db, long? id, CancellationToken cancellationToken)
    {
        var query = db.AlertDeliveries.Where(d => d.Status == AlertDeliveryStatus.Pending || d.Status == AlertDeliveryStatus.Sending);
        if (id is not null) query = query.Where(d => d.ChannelId == id);
        return await query.GroupBy(d => d.ChannelId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
    }

    private async Task<Dictionary<string, string>> ValidateAsync(AiLoggerDbContext db, AlertChannelDraft draft, long? id, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>(draft.Validate());
        // Hosts that need no lookup to be refused are refused now; names are checked where they resolve, at delivery.
        if (!errors.ContainsKey("url") && Uri.TryCreate(draft.Url?.Trim(), UriKind.Absolute, out var url) && hosts.RefusalBeforeLookup(url.Host) is { } urlRefusal)
            errors["url"] = $"Channels may not send there: {urlRefusal}.";
        if (!errors.ContainsKey("smtpHost") && !string.IsNullOrWhiteSpace(draft.SmtpHost) && hosts.RefusalBeforeLookup(draft.SmtpHost) is { } smtpRefusal)
            errors["smtpHost"] = $"Channels may not send there: {smtpRefusal}.";
        var name = draft.Name?.Trim();
        if (!string.IsNullOrEmpty(name) && !errors.ContainsKey("name"))
        {
            var names = await db.AlertChannels.AsNoTracking().Where(c => c.Id != id).Select(c => c.Name).ToListAsync(cancellationToken);
            if (names.Contains(name, StringComparer.OrdinalIgnoreCase)) errors["name"] = $"A channel named '{name}' exists already.";
        }
        return errors;
    }

    private static void Copy(AlertChannelDraft draft, AlertChannelEntity row, DateTimeOffset now)
    {
        var kind = AlertChannelKinds.Normalize(draft.Kind)!;
        row.Name = draft.Name!.Trim();
        row.Kind = kind;
        row.Enabled = draft.Enabled;
        row.UpdatedAt = now;
        var web = kind is AlertChannelKinds.Webhook or AlertChannelKinds.Slack;
        row.Url = web ? draft.Url!.Trim() : null;
        // null keeps the stored secret, "" clears it.
        if (kind != AlertChannelKinds.Webhook) row.Secret = null;
        else if (draft.Secret is not null) row.Secret = draft.Secret.Length == 0 ? null : draft.Secret;
        if (web)
        {
            (row.SmtpHost, row.SmtpPort, row.SmtpSecurity, row.SmtpUser, row.SmtpPassword, row.From, row.To) = (null, null, null, null, null, null, null);
            return;
        }
        row.SmtpHost = draft.SmtpHost!.Trim();
        row.SmtpPort = draft.SmtpPort;
        row.SmtpSecurity = EmailSecurity.Normalize(draft.SmtpSecurity) ?? EmailSecurity.Auto;
        row.SmtpUser = string.IsNullOrWhiteSpace(draft.SmtpUser) ? null : draft.SmtpUser.Trim();
        if (draft.SmtpPassword is not null) row.SmtpPassword = draft.SmtpPassword.Length == 0 ? null : draft.SmtpPassword;
        row.From = draft.From!.Trim();
        row.To = string.Join(", ", draft.To.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()));
    }

    private static AlertChannelResult NameTaken(string name) =>
        AlertChannelResult.Invalid(new Dictionary<string, string> { ["name"] = $"A channel named '{name}' exists already." });
}
