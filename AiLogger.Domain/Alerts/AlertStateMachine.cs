namespace AiLogger.Domain.Alerts;

/// <summary>
/// The rule state machine, per group: ok → pending → firing → resolved (→ ok). Pure: it reads the time it is given,
/// so the evaluator and the tests drive it with a clock of their own.
/// <list type="bullet">
/// <item>The condition holds: ok → pending (straight to firing when <c>for</c> is zero); pending → firing once it has
/// held for <c>for</c>. Firing stays firing, reminding once per cooldown only when the rule repeats.</item>
/// <item>It stops holding: pending → ok quietly; firing → resolved, announced when the rule says so and the firing was.</item>
/// <item>A new firing within the cooldown of the last notification (a flapping rule), and anything while the rule is
/// silenced, is tracked but not announced until the cooldown or the silence is over (if it still fires then).</item>
/// <item>Groups: each group is its own instance; a group the observation lacks counts as 0 (so a firing group whose
/// events stopped resolves).</item>
/// </list>
/// </summary>
public static class AlertStateMachine
{
    /// <summary>Steps every group of <paramref name="previous"/> and of <paramref name="observation"/>.</summary>
    public static IReadOnlyList<AlertStep> Step(
        AlertRule rule, IReadOnlyDictionary<string, AlertGroupState> previous, AlertObservation observation, DateTimeOffset now)
    {
        if (observation.NoData is not null)
            return previous.Values.Select(state => new AlertStep
            {
                GroupKey = state.GroupKey,
                Value = state.Value ?? double.NaN,
                ConditionMet = state.Status != AlertStatus.Ok,
                Before = state.Status,
                After = state,
                Transition = AlertTransition.None,
            }).ToList();

        var steps = new List<AlertStep>(observation.Values.Count + previous.Count);
        foreach (var (key, value) in observation.Values)
            steps.Add(Step(rule, previous.GetValueOrDefault(key) ?? AlertGroupState.Ok(key), value, now));
        foreach (var (key, state) in previous)
            if (!observation.Values.ContainsKey(key))
                steps.Add(Step(rule, state, 0, now));
        return steps;
    }

    /// <summary>One group: its state before, its value now.</summary>
    public static AlertStep Step(AlertRule rule, AlertGroupState state, double value, DateTimeOffset now)
    {
        var met = !double.IsNaN(value) && rule.Comparison.Holds(value, rule.Threshold);
        var current = state with { Value = value };
        AlertStep Result(AlertGroupState after, AlertTransition transition, bool notify = false, string? suppressed = null) => new()
        {
            GroupKey = state.GroupKey,
            Value = value,
            ConditionMet = met,
            Before = state.Status,
            After = after,
            Transition = transition,
            Notify = notify,
            Suppressed = suppressed,
        };

        switch (state.Status)
        {
            case AlertStatus.Ok when !met:
                return Result(current, AlertTransition.None);
            case AlertStatus.Ok when rule.For <= TimeSpan.Zero:
                return Fire(current with { PendingSince = now });
            case AlertStatus.Ok:
                return Result(current with { Status = AlertStatus.Pending, PendingSince = now }, AlertTransition.Pending);
            case AlertStatus.Pending when !met:
                return Result(current with { Status = AlertStatus.Ok, PendingSince = null }, AlertTransition.PendingCleared);
            case AlertStatus.Pending when now - (state.PendingSince ?? now) >= rule.For:
                return Fire(current);
            case AlertStatus.Pending:
                return Result(current, AlertTransition.None);
            case AlertStatus.Firing when met:
                if (rule.IsSilenced(now) || !CooledDown(state, rule, now)) return Result(current, AlertTransition.None);
                // A firing held back by a silence or a cooldown is announced once they are over, if it still fires.
                if (!state.FiringNotified)
                    return Result(current with { LastNotifiedAt = now, FiringNotified = true }, AlertTransition.Announced, notify: true);
                if (!rule.Repeat) return Result(current, AlertTransition.None);
                return Result(current with { LastNotifiedAt = now }, AlertTransition.Reminded, notify: true);
            default:
            {
                var resolved = current with { Status = AlertStatus.Ok, PendingSince = null, FiringSince = null, FiringNotified = false, AlertId = null };
                if (!rule.NotifyOnResolve) return Result(resolved, AlertTransition.Resolved);
                if (!state.FiringNotified) return Result(resolved, AlertTransition.Resolved, suppressed: "its firing was not announced");
                if (rule.IsSilenced(now)) return Result(resolved, AlertTransition.Resolved, suppressed: Silenced(rule));
                return Result(resolved with { LastNotifiedAt = now }, AlertTransition.Resolved, notify: true);
            }
        }

        AlertStep Fire(AlertGroupState pending)
        {
            var firing = pending with { Status = AlertStatus.Firing, FiringSince = now, FiringNotified = false, AlertId = null };
            if (rule.IsSilenced(now)) return Result(firing, AlertTransition.Fired, suppressed: Silenced(rule));
            if (!CooledDown(state, rule, now))
                return Result(firing, AlertTransition.Fired,
                    suppressed: $"cooldown: last notified at {state.LastNotifiedAt:u}, next possible at {state.LastNotifiedAt + rule.Cooldown:u}");
            return Result(firing with { LastNotifiedAt = now, FiringNotified = true }, AlertTransition.Fired, notify: true);
        }
    }

    /// <summary>True when this group's state is worth keeping: not ok, or ok within the cooldown of a notification.</summary>
    public static bool IsWorthKeeping(AlertRule rule, AlertGroupState state, DateTimeOffset now) =>
        state.Status != AlertStatus.Ok || (state.LastNotifiedAt is { } notified && notified + rule.Cooldown > now);

    private static bool CooledDown(AlertGroupState state, AlertRule rule, DateTimeOffset now) =>
        state.LastNotifiedAt is not { } last || now - last >= rule.Cooldown;

    private static string Silenced(AlertRule rule) => $"silenced until {rule.SilencedUntil:u}";
}
