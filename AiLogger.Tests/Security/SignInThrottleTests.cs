using System.Net;
using AiLogger.Infrastructure.Security;
using Microsoft.Extensions.Time.Testing;

namespace AiLogger.Tests.Security;

public sealed class SignInThrottleTests
{
    private static readonly IPAddress Attacker = IPAddress.Parse("203.0.113.9");
    private static readonly IPAddress Owner = IPAddress.Parse("198.51.100.20");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Five_failures_are_free_then_each_further_one_doubles_the_wait()
    {
        var throttle = new SignInThrottle(_clock);
        for (var i = 0; i < SignInThrottle.FreeFailuresPerAccount; i++)
        {
            Assert.Equal(TimeSpan.Zero, throttle.WaitBeforeAttempt("admin@x", Attacker));
            throttle.Failed("admin@x", Attacker);
        }
        Assert.Equal(TimeSpan.Zero, throttle.WaitBeforeAttempt("admin@x", Attacker));

        throttle.Failed("admin@x", Attacker);
        Assert.Equal(TimeSpan.FromSeconds(1), throttle.WaitBeforeAttempt("admin@x", Attacker));
        _clock.Advance(TimeSpan.FromSeconds(1));
        throttle.Failed("admin@x", Attacker);
        Assert.Equal(TimeSpan.FromSeconds(2), throttle.WaitBeforeAttempt("admin@x", Attacker));
        _clock.Advance(TimeSpan.FromSeconds(2));
        throttle.Failed("admin@x", Attacker);
        Assert.Equal(TimeSpan.FromSeconds(4), throttle.WaitBeforeAttempt("admin@x", Attacker));
    }

    [Fact]
    public void The_owner_at_another_address_is_not_slowed_down_by_an_attackers_failures()
    {
        var throttle = new SignInThrottle(_clock);
        for (var i = 0; i < 12; i++) throttle.Failed("admin@x", Attacker);

        Assert.True(throttle.WaitBeforeAttempt("admin@x", Attacker) > TimeSpan.Zero);
        Assert.Equal(TimeSpan.Zero, throttle.WaitBeforeAttempt("ADMIN@x ", Owner));
    }

    [Fact]
    public void An_address_guessing_across_accounts_is_slowed_after_twenty_failures()
    {
        var throttle = new SignInThrottle(_clock);
        for (var i = 0; i < SignInThrottle.FreeFailuresPerAddress; i++) throttle.Failed($"user{i}@x", Attacker);
        Assert.Equal(TimeSpan.Zero, throttle.WaitBeforeAttempt("fresh@x", Attacker));

        throttle.Failed("user20@x", Attacker);

        Assert.Equal(TimeSpan.FromSeconds(1), throttle.WaitBeforeAttempt("fresh@x", Attacker));
        Assert.Equal(TimeSpan.Zero, throttle.WaitBeforeAttempt("fresh@x", Owner));
    }

    [Fact]
    public void The_wait_is_capped_and_failures_are_forgotten_an_hour_after_the_last()
    {
        var throttle = new SignInThrottle(_clock);
        for (var i = 0; i < 40; i++) throttle.Failed("admin@x", Attacker);
        Assert.Equal(SignInThrottle.MaxDelay, throttle.WaitBeforeAttempt("admin@x", Attacker));

        _clock.Advance(SignInThrottle.ForgetAfter + TimeSpan.FromSeconds(1));
        throttle.Failed("admin@x", Attacker);

        Assert.Equal(TimeSpan.Zero, throttle.WaitBeforeAttempt("admin@x", Attacker));
    }

    [Fact]
    public void A_right_password_starts_the_accounts_count_again()
    {
        var throttle = new SignInThrottle(_clock);
        for (var i = 0; i < SignInThrottle.FreeFailuresPerAccount; i++) throttle.Failed("admin@x", Owner);

        throttle.Succeeded("admin@x", Owner);
        throttle.Failed("admin@x", Owner);

        Assert.Equal(TimeSpan.Zero, throttle.WaitBeforeAttempt("admin@x", Owner));
    }
}
