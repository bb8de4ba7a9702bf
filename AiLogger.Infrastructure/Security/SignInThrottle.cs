using System.Collections.Concurrent;
using System.Net;

namespace AiLogger.Infrastructure.Security;

/// <summary>
/// Failed sign-ins slow down whoever makes them, not the account's owner: failures are counted per account and client
/// address together, and per client address across accounts, and past a few free ones each further failure doubles the
/// wait before the next attempt (1 s, 2 s, 4 s … up to 15 minutes). Five wrong passwords from an attacker therefore cost
/// the attacker time, and the admin signs in from their own address as usual. Counts are kept in memory, bounded, and
/// forgotten an hour after the last failure.
/// </summary>
public sealed class SignInThrottle(TimeProvider time)
{
    public const int FreeFailuresPerAccount = 5;
    public const int FreeFailuresPerAddress = 20;
    public static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan ForgetAfter = TimeSpan.FromHours(1);
    private const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    private sealed class Entry
    {
        public int Failures;
        public DateTimeOffset LastFailure;
        public DateTimeOffset BlockedUntil;
    }

    /// <summary>How long this address must wait before it may try this account again; zero when it may now.</summary>
    public TimeSpan WaitBeforeAttempt(string account, IPAddress? address)
    {
        var now = time.GetUtcNow();
        var wait = TimeSpan.Zero;
        foreach (var key in Keys(account, address))
            if (_entries.TryGetValue(key, out var entry))
                lock (entry)
                    if (entry.BlockedUntil > now && entry.BlockedUntil - now > wait) wait = entry.BlockedUntil - now;
        return wait;
    }

    public void Failed(string account, IPAddress? address)
    {
        var now = time.GetUtcNow();
        if (_entries.Count >= MaxEntries) Sweep(now);
        var keys = Keys(account, address);
        for (var i = 0; i < keys.Length; i++)
        {
            var entry = _entries.GetOrAdd(keys[i], _ => new Entry());
            lock (entry)
            {
                if (now - entry.LastFailure > ForgetAfter) entry.Failures = 0;
                entry.Failures++;
                entry.LastFailure = now;
                var beyond = entry.Failures - (i == 0 ? FreeFailuresPerAccount : FreeFailuresPerAddress);
                if (beyond > 0) entry.BlockedUntil = now + Delay(beyond);
            }
        }
    }

    /// <summary>A right password from this address: its count for the account starts again (the address's own stays).</summary>
    public void Succeeded(string account, IPAddress? address) => _entries.TryRemove(Keys(account, address)[0], out _);

    /// <summary>1 s after the first failure past the free ones, doubling with each further one, at most <see cref="MaxDelay"/>.</summary>
    public static TimeSpan Delay(int beyond) =>
        beyond >= 20 ? MaxDelay : TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, FirstDelay.Ticks << (beyond - 1)));

    private static string[] Keys(string account, IPAddress? address)
    {
        var client = address?.ToString() ?? "unknown";
        return [$"account:{account.Trim().ToUpperInvariant()}|{client}", $"address:{client}"];
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, entry) in _entries)
            if (now - entry.LastFailure > ForgetAfter && entry.BlockedUntil <= now) _entries.TryRemove(key, out _);
        // Still full (a flood from very many addresses): keep the blocked entries, drop the rest.
        if (_entries.Count >= MaxEntries)
            foreach (var (key, entry) in _entries)
                if (entry.BlockedUntil <= now) _entries.TryRemove(key, out _);
    }
}
