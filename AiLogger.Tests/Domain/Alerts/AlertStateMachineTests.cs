using AiLogger.Domain.Alerts;
using Microsoft.Extensions.Time.Testing;

namespace AiLogger.Tests.Domain.Alerts;

/// <summary>The rule state machine, driven by a fake clock one evaluation at a time.</summary>
public sealed class AlertStateMachineTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly Dictionary<string, AlertGroupState> _states = new();
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    /// <summary>One evaluation with these values per group, then the clock moves on a minute.</summary>
    private List<AlertStep> Evaluate(AlertRule rule, params (string Group, double Value)[] values)
    {
        var observation = new AlertObservation { Values = values.ToDictionary(v => v.Group, v => v.Value) };
        var steps = AlertStateMachine.Step(rule, _states, observation, _clock.GetUtcNow()).ToList();
        foreach (var step in steps)
        {
            if (AlertStateMachine.IsWorthKeeping(rule, step.After, _clock.GetUtcNow())) _states[step.GroupKey] = step.After;
            else _states.Remove(step.GroupKey);
        }
        _clock.Advance(Minute);
        return steps;
    }

    private AlertStep Evaluate(AlertRule rule, double value) => Assert.Single(Evaluate(rule, ("", value)));

    [Fact]
    public void Below_the_threshold_stays_ok_and_tells_nobody()
    {
        var rule = AlertRules.Logs(threshold: 3);

        var step = Evaluate(rule, 2);

        Assert.False(step.ConditionMet);
        Assert.Equal(AlertStatus.Ok, step.After.Status);
        Assert.Equal(AlertTransition.None, step.Transition);
        Assert.False(step.Notify);
        Assert.Empty(_states);
    }

    [Theory]
    [InlineData(">=", 3, true)]
    [InlineData(">", 3, false)]
    [InlineData(">", 2.9, true)]
    [InlineData("<=", 3, true)]
    [InlineData("<", 3, false)]
    [InlineData("<", 3.5, true)]
    [InlineData("==", 3, true)]
    [InlineData("!=", 3, false)]
    [InlineData("gte", 3, true)]
    [InlineData("lt", 4, true)]
    public void At_the_threshold_each_comparison_decides_as_written(string comparison, double threshold, bool fires)
    {
        var rule = AlertRules.Logs(comparison: comparison, threshold: threshold);

        var step = Evaluate(rule, 3);

        Assert.Equal(fires, step.ConditionMet);
        Assert.Equal(fires ? AlertTransition.Fired : AlertTransition.None, step.Transition);
        Assert.Equal(fires, step.Notify);
    }

    [Fact]
    public void A_rule_that_keeps_firing_is_announced_once_not_every_minute()
    {
        var rule = AlertRules.Logs(cooldown: "5m");

        var steps = Enumerable.Range(0, 30).Select(_ => Evaluate(rule, 10)).ToList();

        Assert.Equal(AlertTransition.Fired, steps[0].Transition);
        Assert.Single(steps, s => s.Notify);
        Assert.All(steps.Skip(1), s => Assert.Equal(AlertStatus.Firing, s.After.Status));
        Assert.All(steps.Skip(1), s => Assert.Equal(AlertTransition.None, s.Transition));
    }

    [Fact]
    public void A_repeating_rule_reminds_once_per_cooldown_while_firing()
    {
        var rule = AlertRules.Logs(cooldown: "5m", repeat: true);

        var steps = Enumerable.Range(0, 11).Select(_ => Evaluate(rule, 10)).ToList();

        // Fired at minute 0, reminded at 5 and 10.
        Assert.Equal([0, 5, 10], steps.Select((s, i) => (s, i)).Where(x => x.s.Notify).Select(x => x.i));
        Assert.Equal(AlertTransition.Reminded, steps[5].Transition);
    }

    [Fact]
    public void Resolving_is_announced_when_the_rule_says_so()
    {
        var rule = AlertRules.Logs();
        Evaluate(rule, 5);

        var resolved = Evaluate(rule, 1);

        Assert.Equal(AlertTransition.Resolved, resolved.Transition);
        Assert.Equal(AlertStatus.Firing, resolved.Before);
        Assert.Equal(AlertStatus.Ok, resolved.After.Status);
        Assert.True(resolved.Notify);
        Assert.Equal(AlertTransition.None, Evaluate(rule, 1).Transition);
    }

    [Fact]
    public void Resolving_is_quiet_when_the_rule_does_not_announce_it()
    {
        var rule = AlertRules.Logs(notifyOnResolve: false);
        Evaluate(rule, 5);

        var resolved = Evaluate(rule, 0);

        Assert.Equal(AlertTransition.Resolved, resolved.Transition);
        Assert.False(resolved.Notify);
    }

    [Fact]
    public void Firing_again_within_the_cooldown_is_tracked_but_announced_only_when_the_cooldown_is_over()
    {
        var rule = AlertRules.Logs(cooldown: "10m");
        Assert.True(Evaluate(rule, 5).Notify);          // 12:00 fired
        Assert.True(Evaluate(rule, 0).Notify);          // 12:01 resolved (announced)

        var again = Evaluate(rule, 5);                  // 12:02 fires again: flapping

        Assert.Equal(AlertTransition.Fired, again.Transition);
        Assert.False(again.Notify);
        Assert.StartsWith("cooldown", again.Suppressed);
        var later = Enumerable.Range(0, 9).Select(_ => Evaluate(rule, 5)).ToList(); // 12:03 … 12:11
        var announced = Assert.Single(later, s => s.Notify);
        Assert.Equal(AlertTransition.Announced, announced.Transition);
        Assert.Equal(8, later.IndexOf(announced));      // 12:11: ten minutes after the resolved notification at 12:01
    }

    [Fact]
    public void A_flap_that_resolves_within_the_cooldown_is_never_announced()
    {
        var rule = AlertRules.Logs(cooldown: "10m");
        Evaluate(rule, 5);
        Evaluate(rule, 0);
        Assert.False(Evaluate(rule, 5).Notify);

        var resolved = Evaluate(rule, 0);

        Assert.Equal(AlertTransition.Resolved, resolved.Transition);
        Assert.False(resolved.Notify);
        Assert.Equal("its firing was not announced", resolved.Suppressed);
    }

    [Fact]
    public void With_a_for_duration_the_rule_is_pending_first_and_fires_once_the_condition_held_long_enough()
    {
        var rule = AlertRules.Logs(@for: "3m");

        var steps = Enumerable.Range(0, 4).Select(_ => Evaluate(rule, 5)).ToList();

        Assert.Equal([AlertTransition.Pending, AlertTransition.None, AlertTransition.None, AlertTransition.Fired], steps.Select(s => s.Transition));
        Assert.Equal([AlertStatus.Pending, AlertStatus.Pending, AlertStatus.Pending, AlertStatus.Firing], steps.Select(s => s.After.Status));
        Assert.Equal([false, false, false, true], steps.Select(s => s.Notify));
    }

    [Fact]
    public void A_pending_rule_whose_condition_stops_goes_back_to_ok_without_telling_anyone()
    {
        var rule = AlertRules.Logs(@for: "3m");
        Evaluate(rule, 5);
        Evaluate(rule, 5);

        var cleared = Evaluate(rule, 1);
        var restarted = Evaluate(rule, 5);

        Assert.Equal(AlertTransition.PendingCleared, cleared.Transition);
        Assert.False(cleared.Notify);
        Assert.Equal(AlertTransition.Pending, restarted.Transition);
        Assert.Equal(_clock.GetUtcNow() - Minute, restarted.After.PendingSince);
    }

    [Fact]
    public void Each_group_is_its_own_instance_and_a_group_that_disappears_counts_as_zero()
    {
        var rule = AlertRules.Logs(groupBy: "source");

        var first = Evaluate(rule, ("api", 5), ("db", 1));
        var second = Evaluate(rule, ("api", 6), ("db", 4));
        var third = Evaluate(rule, ("db", 4));

        Assert.Equal(AlertTransition.Fired, first.Single(s => s.GroupKey == "api").Transition);
        Assert.Equal(AlertTransition.None, first.Single(s => s.GroupKey == "db").Transition);
        Assert.Equal(AlertTransition.None, second.Single(s => s.GroupKey == "api").Transition);
        Assert.Equal(AlertTransition.Fired, second.Single(s => s.GroupKey == "db").Transition);
        var api = third.Single(s => s.GroupKey == "api");
        Assert.Equal(0, api.Value);
        Assert.Equal(AlertTransition.Resolved, api.Transition);
        Assert.Equal(AlertStatus.Firing, third.Single(s => s.GroupKey == "db").After.Status);
    }

    [Fact]
    public void A_silenced_rule_keeps_its_state_but_tells_nobody_until_the_silence_ends()
    {
        var rule = AlertRules.Logs(cooldown: "1m") with { SilencedUntil = _clock.GetUtcNow() + TimeSpan.FromMinutes(3) };

        var fired = Evaluate(rule, 5);               // 12:00
        var during = Evaluate(rule, 5);              // 12:01
        Evaluate(rule, 5);                           // 12:02
        var after = Evaluate(rule, 5);               // 12:03: silence over

        Assert.Equal(AlertTransition.Fired, fired.Transition);
        Assert.Equal(AlertStatus.Firing, fired.After.Status);
        Assert.False(fired.Notify);
        Assert.StartsWith("silenced until", fired.Suppressed);
        Assert.False(during.Notify);
        Assert.Equal(AlertTransition.Announced, after.Transition);
        Assert.True(after.Notify);
    }

    [Fact]
    public void A_resolve_during_a_silence_is_quiet()
    {
        var rule = AlertRules.Logs();
        Evaluate(rule, 5);
        var silenced = rule with { SilencedUntil = _clock.GetUtcNow() + TimeSpan.FromHours(1) };

        var resolved = Evaluate(silenced, 0);

        Assert.Equal(AlertTransition.Resolved, resolved.Transition);
        Assert.False(resolved.Notify);
    }

    [Fact]
    public void Without_data_every_group_keeps_its_state()
    {
        var rule = AlertRules.Logs();
        Evaluate(rule, 5);

        var steps = AlertStateMachine.Step(rule, _states, AlertObservation.Missing("No data"), _clock.GetUtcNow());

        var step = Assert.Single(steps);
        Assert.Equal(AlertStatus.Firing, step.After.Status);
        Assert.Equal(AlertTransition.None, step.Transition);
    }
}
