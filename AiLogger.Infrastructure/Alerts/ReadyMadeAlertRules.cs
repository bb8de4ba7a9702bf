using AiLogger.Domain.Alerts;
using AiLogger.Infrastructure.Persistence;
using AiLogger.Infrastructure.SystemMetrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiLogger.Infrastructure.Alerts;

/// <summary>
/// Adds the host's ready-made metric rules (disk, memory, CPU), disabled, the first time a store starts
/// (<see cref="AlertOptions.ReadyMadeRules"/>). A setting records that it was done, so a rule an admin deleted does not
/// come back; on several nodes the setting's key lets one of them do it.
/// </summary>
internal sealed class ReadyMadeAlertRules(
    IDbContextFactory<AiLoggerDbContext> contexts,
    IOptions<AlertOptions> options,
    TimeProvider time,
    ILogger<ReadyMadeAlertRules> logger) : IHostedService
{
    public const string SettingKey = "alerts.readyMadeRules";

    public static IReadOnlyList<AlertRuleDraft> Drafts { get; } =
    [
        new()
        {
            Name = "Disk over 90 %",
            Description = "A filesystem is more than 90 % full (system.filesystem.utilization, largest over 5 minutes), per host and mount point.",
            Kind = AlertKinds.Metric, Metric = HostMetricNames.FilesystemUtilization, Aggregation = "max", GroupBy = "host, mountpoint",
            Window = "5m", Comparison = ">", Threshold = 0.9, Severity = "high", Enabled = false,
        },
        new()
        {
            Name = "Memory over 90 %",
            Description = "Used memory is more than 90 % of the total (system.memory.utilization, state used, average over 5 minutes), per host.",
            Kind = AlertKinds.Metric, Metric = HostMetricNames.MemoryUtilization, Aggregation = "avg", Filter = "state=used", GroupBy = "host",
            Window = "5m", Comparison = ">", Threshold = 0.9, Severity = "high", Enabled = false,
        },
        new()
        {
            Name = "CPU over 90 % for 10 minutes",
            Description = "The CPUs are busy more than 90 % of the time, that is idle less than 10 %, for 10 minutes in a row (system.cpu.utilization, state idle), per host.",
            Kind = AlertKinds.Metric, Metric = HostMetricNames.CpuUtilization, Aggregation = "avg", Filter = "state=idle", GroupBy = "host",
            Window = "1m", Comparison = "<", Threshold = 0.1, For = "10m", Severity = "medium", Enabled = false,
        },
    ];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.ReadyMadeRules) return;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.Settings.AsNoTracking().AnyAsync(s => s.Key == SettingKey, cancellationToken)) return;
        var names = await db.AlertRules.Select(r => r.Name).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        var added = 0;
        foreach (var draft in Drafts)
        {
            draft.Validate(out var rule);
            if (rule is null || names.Contains(rule.Name, StringComparer.OrdinalIgnoreCase)) continue;
            var row = new AlertRuleEntity { Name = rule.Name, Kind = rule.Kind, Comparison = string.Empty, Severity = string.Empty, CreatedAt = now, UpdatedAt = now };
            AlertMapping.CopyDefinition(rule, row);
            db.AlertRules.Add(row);
            added++;
        }
        db.Settings.Add(new Storage.SettingEntity { Key = SettingKey, Value = "true", UpdatedAt = now, UpdatedBy = "AI-Logger" });
        if (await UniqueViolation.TrySaveAsync(db, cancellationToken))
        {
            if (added > 0) logger.LogInformation("Added {Count} ready-made alert rules for this host's metrics, disabled: enable them on /alerts/rules", added);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
