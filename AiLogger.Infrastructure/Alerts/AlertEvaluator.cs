using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using AiLogger.Domain.Alerts;
using AiLogger.Domain.Logs;
using AiLogger.Infrastructure.Persistence;
using AiLogger.Infrastructure.ScaleOut;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiLogger.Infrastructure.Alerts;

/// <summary>
/// Evaluates every enabled rule: reads each distinct signal once (rules sharing query, grouping and window share a
/// count), steps the state machine per group, then writes states, alerts and queued deliveries in one short
/// transaction (the outbox), and only after the commit tells the in-app feed and wakes the delivery worker.
/// One evaluation at a time among every node on the database (<see cref="ClusterLocks"/>): two would both see a rule
/// pending and both fire it.
/// </summary>
internal sealed class AlertEvaluator(
    IDbContextFactory<AiLoggerDbContext> contexts,
    AlertRuleObserver observer,
    ILogSearch search,
    IAlertNotificationFeed feed,
    AlertDeliverySignal signal,
    AlertLinks links,
    AlertChanges changes,
    AiLogger.Domain.Storage.IRetentionSettingsStore retention,
    ClusterLocks locks,
    TimeProvider time,
    ILogger<AlertEvaluator> logger) : IAlertEvaluator
{
    private static readonly TimeSpan HousekeepingEvery = TimeSpan.FromHours(1);
    private static readonly TimeSpan DeliveriesKept = TimeSpan.FromDays(7);
    private static readonly int ReadingParallelism = Math.Clamp(Environment.ProcessorCount, 1, 4);
    public const string LockName = "alert-evaluation";
    private DateTimeOffset _lastHousekeeping = DateTimeOffset.MinValue;

    public async Task<AlertEvaluationResult> EvaluateAllAsync(CancellationToken cancellationToken)
    {
        await using var held = await locks.AcquireAsync(LockName, cancellationToken);
        // Work whose lease lapsed stops before it writes: the node that took the lock over evaluates instead.
        using var token = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, held.Lost);
        try
        {
            return await EvaluateLockedAsync(token.Token);
        }
        catch (DbUpdateException error)
        {
            // A rule was deleted while it was being evaluated: nothing was written; evaluate what is left.
            logger.LogInformation(error, "Alert rules changed during an evaluation; evaluating again");
            return await EvaluateLockedAsync(token.Token);
        }
    }

    private sealed record Reading(AlertObservation Observation, TimeSpan Took);

    private sealed record Announcement(AlertEntity Alert, AlertRule Rule, string Event);

    private async Task<AlertEvaluationResult> EvaluateLockedAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rules = (await db.AlertRules.Where(r => r.Enabled).ToListAsync(cancellationToken))
            .Select(row => (Row: row, Rule: AlertMapping.ToRule(row))).ToList();
        var ruleIds = rules.Select(r => r.Row.Id).ToList();
        var stateRows = (await db.AlertRuleStates.Where(s => ruleIds.Contains(s.RuleId)).ToListAsync(cancellationToken))
            .GroupBy(s => s.RuleId).ToDictionary(g => g.Key, g => g.ToDictionary(s => s.GroupKey, StringComparer.Ordinal));
        var openIds = stateRows.Values.SelectMany(s => s.Values).Where(s => s.AlertId is not null).Select(s => s.AlertId!.Value).ToList();
        var open = await db.Alerts.Where(a => openIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, cancellationToken);
        var enabledChannels = (await db.AlertChannels.AsNoTracking().Where(c => c.Enabled).Select(c => c.Id).ToListAsync(cancellationToken)).ToHashSet();

        foreach (var (row, rule) in rules.Where(r => !r.Rule.Enabled)) row.LastNote = rule.LastNote;
        var distinct = rules.Where(r => r.Rule.Enabled).GroupBy(r => AlertRuleObserver.SignalKey(r.Rule), StringComparer.Ordinal)
            .Select(g => (Key: g.Key, g.First().Rule)).ToList();
        var readings = new ConcurrentDictionary<string, Reading>(StringComparer.Ordinal);
        // Readers run side by side in WAL mode; one per core keeps a cycle short without starving ingest for long.
        await Parallel.ForEachAsync(distinct, new ParallelOptions { MaxDegreeOfParallelism = ReadingParallelism, CancellationToken = cancellationToken },
            async (signal, token) => readings[signal.Key] = await ReadAsync(signal.Rule, now, token));

        var announcements = new List<Announcement>();
        var firedStates = new List<(AlertRuleStateEntity State, AlertEntity Alert)>();
        var outcomes = new List<(AlertRule Rule, TimeSpan Took, string? Note, List<(AlertStep Step, AlertEntity? Alert)> Steps)>();
        int fired = 0, resolved = 0;
        foreach (var (row, rule) in rules.Where(r => r.Rule.Enabled))
        {
            var reading = readings[AlertRuleObserver.SignalKey(rule)];
            var rows = stateRows.GetValueOrDefault(rule.Id) ?? new Dictionary<string, AlertRuleStateEntity>(StringComparer.Ordinal);
            var previous = rows.ToDictionary(s => s.Key, s => AlertMapping.ToState(s.Value), StringComparer.Ordinal);
            var steps = AlertStateMachine.Step(rule, previous, reading.Observation, now);
            var done = new List<(AlertStep, AlertEntity?)>(steps.Count);
            foreach (var step in steps)
            {
                rows.TryGetValue(step.GroupKey, out var stateRow);
                var current = stateRow?.AlertId is { } openId ? open.GetValueOrDefault(openId) : null;
                AlertEntity? alert = current;
                switch (step.Transition)
                {
                    case AlertTransition.Fired:
                        alert = await NewAlertAsync(rule, step, now, cancellationToken);
                        db.Alerts.Add(alert);
                        fired++;
                        if (step.Notify) announcements.Add(new Announcement(alert, rule, AlertMapping.Firing));
                        break;
                    case AlertTransition.Announced or AlertTransition.Reminded when current is not null:
                        Touch(current, step.Value, now);
                        announcements.Add(new Announcement(current, rule, step.Transition == AlertTransition.Reminded ? "reminder" : AlertMapping.Firing));
                        break;
                    case AlertTransition.Resolved when current is not null:
                        Touch(current, step.Value, now);
                        current.State = AlertMapping.Resolved;
                        current.ResolvedAt = now;
                        resolved++;
                        if (step.Notify) announcements.Add(new Announcement(current, rule, AlertMapping.Resolved));
                        break;
                    case AlertTransition.None when current is not null && step.After.Status == AlertStatus.Firing:
                        if (current.Value != step.Value) Touch(current, step.Value, now);
                        break;
                }

                if (AlertStateMachine.IsWorthKeeping(rule, step.After, now))
                {
                    if (stateRow is null)
                    {
                        stateRow = new AlertRuleStateEntity { RuleId = rule.Id, GroupKey = step.GroupKey, Status = string.Empty };
                        db.AlertRuleStates.Add(stateRow);
                    }
                    AlertMapping.CopyState(step.After, stateRow);
                    if (step.Transition == AlertTransition.Fired) firedStates.Add((stateRow, alert!));
                }
                else if (stateRow is not null)
                {
                    db.AlertRuleStates.Remove(stateRow);
                }
                done.Add((step, alert));
            }

            var values = steps.Select(s => s.Value).Where(double.IsFinite).ToList();
            row.Status = AlertMapping.StatusName(steps.Count == 0 ? AlertStatus.Ok : steps.Max(s => s.After.Status));
            row.LastEvaluatedAt = now;
            row.LastValue = reading.Observation.NoData is null ? (values.Count > 0 ? values.Max() : 0) : row.LastValue;
            row.LastNote = reading.Observation.NoData;
            outcomes.Add((rule, reading.Took, reading.Observation.NoData, done));
        }

        // Short write transaction: alerts first (for their ids), then the states and deliveries that point at them.
        var deliveries = 0;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
            foreach (var (state, alert) in firedStates) state.AlertId = alert.Id;
            foreach (var announcement in announcements)
            {
                var alert = announcement.Alert;
                alert.Notifications++;
                alert.LastNotifiedAt = now;
                var payload = AlertMessage.From(AlertMapping.ToAlert(alert), announcement.Event == AlertMapping.Resolved ? AlertMapping.Resolved : AlertMapping.Firing,
                    announcement.Event == "reminder", links.Alert(alert.Id)).Serialize();
                foreach (var channel in announcement.Rule.Channels.Where(enabledChannels.Contains))
                {
                    db.AlertDeliveries.Add(new AlertDeliveryEntity
                    {
                        AlertId = alert.Id,
                        ChannelId = channel,
                        Event = announcement.Event,
                        Payload = payload,
                        NextAttemptAt = now,
                        CreatedAt = now,
                    });
                    deliveries++;
                }
            }
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        foreach (var announcement in announcements.Where(a => a.Event != "reminder"))
            feed.Publish(new AlertNotification
            {
                Kind = announcement.Event == AlertMapping.Resolved ? AlertNotification.Resolved : AlertNotification.Fired,
                Alert = AlertMapping.ToAlert(announcement.Alert),
                At = now,
            });
        if (deliveries > 0) signal.Wake();
        changes.RaiseRules();
        if (fired > 0 || resolved > 0 || outcomes.Any(o => o.Steps.Any(s => s.Alert is not null))) changes.RaiseAlerts();
        await HousekeepAsync(now, cancellationToken);

        var result = new AlertEvaluationResult
        {
            EvaluatedAt = now,
            Duration = clock.Elapsed,
            Fired = fired,
            Resolved = resolved,
            Notifications = deliveries,
            Rules = outcomes.Select(o => new AlertRuleEvaluation
            {
                RuleId = o.Rule.Id,
                Name = o.Rule.Name,
                Status = o.Steps.Count == 0 ? AlertStatus.Ok : o.Steps.Max(s => s.Step.After.Status),
                Value = o.Note is null ? o.Steps.Select(s => s.Step.Value).Where(double.IsFinite).DefaultIfEmpty(0).Max() : null,
                Note = o.Note,
                Duration = o.Took,
                Groups = o.Steps.OrderByDescending(s => s.Step.Value).Select(s => Group(o.Rule, s.Step, s.Alert?.Id)).ToList(),
            }).ToList(),
        };
        if (fired > 0 || resolved > 0)
            logger.LogInformation("Alert evaluation: {Rules} rules in {Elapsed} ms, {Fired} fired, {Resolved} resolved, {Deliveries} deliveries queued",
                result.Rules.Count, (long)clock.Elapsed.TotalMilliseconds, fired, resolved, deliveries);
        return result;
    }

    public async Task<AlertDryRun> DryRunAsync(AlertRuleDraft draft, CancellationToken cancellationToken)
    {
        var errors = draft.Validate(out var rule);
        if (rule is null) return new AlertDryRun { Errors = errors };
        var now = time.GetUtcNow();
        var reading = await ReadAsync(rule, now, cancellationToken);
        var dry = new AlertDryRun
        {
            EvaluatedAt = now,
            Threshold = rule.Threshold,
            Comparison = rule.Comparison,
            Window = rule.Window,
            Condition = rule.Condition,
        };
        if (reading.Observation.NoData is { } noData) return dry with { Note = noData };

        var values = rule.GroupBy is null || reading.Observation.Values.Count > 0
            ? reading.Observation.Values
            : new Dictionary<string, double>();
        var groups = values.OrderByDescending(v => v.Value).Select(v =>
        {
            var met = rule.Comparison.Holds(v.Value, rule.Threshold);
            var status = !met ? AlertStatus.Ok : rule.For > TimeSpan.Zero ? AlertStatus.Pending : AlertStatus.Firing;
            return new AlertGroupEvaluation(rule.GroupBy is null ? null : v.Key, v.Value, met, status, AlertTransition.None, false, null, null);
        }).ToList();
        var wouldFire = groups.Any(g => g.ConditionMet);
        var shown = groups.FirstOrDefault(g => g.ConditionMet) ?? groups.FirstOrDefault();
        return dry with
        {
            WouldFire = wouldFire,
            Value = groups.Count > 0 ? groups.Max(g => g.Value) : 0,
            Groups = groups,
            Note = !wouldFire
                ? rule.GroupBy is not null && groups.Count == 0 ? $"No event matches in the last {Domain.Common.Durations.Format(rule.Window)}, so there is no group." : null
                : rule.For > TimeSpan.Zero ? $"The condition holds now; the rule would be pending for {Domain.Common.Durations.Format(rule.For)} before it fires." : null,
            Samples = shown is null ? [] : await SamplesAsync(rule, shown.Group ?? string.Empty, now, cancellationToken),
        };
    }

    public async Task<AlertPreview> PreviewAsync(AlertRuleDraft draft, TimeSpan? range, CancellationToken cancellationToken)
    {
        var errors = draft.Validate(out var rule);
        if (rule is null) return new AlertPreview { Errors = errors };
        return await observer.PreviewAsync(rule, time.GetUtcNow(), range, cancellationToken);
    }

    private async Task<Reading> ReadAsync(AlertRule rule, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return new Reading(await observer.ObserveAsync(rule, now, cancellationToken), Stopwatch.GetElapsedTime(started));
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(error, "Alert rule {Rule} could not be evaluated", rule.Name);
            return new Reading(AlertObservation.Missing($"The evaluation failed: {error.Message}"), Stopwatch.GetElapsedTime(started));
        }
    }

    private async Task<AlertEntity> NewAlertAsync(AlertRule rule, AlertStep step, DateTimeOffset now, CancellationToken cancellationToken) => new()
    {
        RuleId = rule.Id,
        RuleName = rule.Name,
        Kind = rule.Kind,
        Severity = rule.Severity.Name(),
        GroupBy = rule.GroupBy,
        GroupKey = rule.GroupBy is null ? null : step.GroupKey,
        State = AlertMapping.Firing,
        Value = step.Value,
        FiredValue = step.Value,
        Threshold = rule.Threshold,
        Comparison = rule.Comparison.Symbol(),
        Window = rule.Window,
        Condition = rule.Condition,
        StartedAt = now,
        UpdatedAt = now,
        Samples = JsonSerializer.Serialize(await SamplesAsync(rule, step.GroupKey, now, cancellationToken), AlertMessage.Json),
    };

    private async Task<IReadOnlyList<AlertSample>> SamplesAsync(AlertRule rule, string groupKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (rule.Kind != AlertKinds.Logs) return [];
        try
        {
            var page = await search.SearchAsync(new LogSearchRequest
            {
                Query = Domain.Alerts.AlertGroups.Narrow(rule.Query, rule.GroupBy, groupKey),
                From = now - rule.Window,
                To = now,
                Limit = AlertSample.MaxPerAlert,
            }, cancellationToken);
            return page.Events.Select(AlertSample.From).ToList();
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            logger.LogWarning(error, "Sample events of alert rule {Rule} could not be read", rule.Name);
            return [];
        }
    }

    private static void Touch(AlertEntity alert, double value, DateTimeOffset now)
    {
        if (double.IsFinite(value)) alert.Value = value;
        alert.UpdatedAt = now;
    }

    private static AlertGroupEvaluation Group(AlertRule rule, AlertStep step, long? alertId) => new(
        rule.GroupBy is null ? null : step.GroupKey, step.Value, step.ConditionMet, step.After.Status, step.Transition, step.Notify, step.Suppressed, alertId);

    private async Task HousekeepAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (now - _lastHousekeeping < HousekeepingEvery) return;
        _lastHousekeeping = now;
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var history = now.AddDays(-(await retention.GetAsync(cancellationToken)).Policy.AlertDays);
            var removed = await db.Alerts.Where(a => a.State == AlertMapping.Resolved && a.ResolvedAt < history).ExecuteDeleteAsync(cancellationToken);
            var finished = now - DeliveriesKept;
            await db.AlertDeliveries.Where(d => (d.Status == AlertDeliveryStatus.Delivered || d.Status == AlertDeliveryStatus.Failed) && d.CreatedAt < finished)
                .ExecuteDeleteAsync(cancellationToken);
            if (removed > 0) changes.RaiseAlerts();
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            logger.LogWarning(error, "Alert history could not be pruned");
        }
    }
}
