namespace AiLogger.Web.Security;

/// <summary><c>AiLogger:RateLimits</c>: requests past these answer 429 with <c>Retry-After</c>. 0 turns a limit off.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "AiLogger:RateLimits";

    /// <summary>Sign-in and setup form posts per client address and minute.</summary>
    public int SignInPerMinute { get; set; } = 30;

    /// <summary>Requests per second one API key may make, sustained.</summary>
    public int KeyRequestsPerSecond { get; set; } = 1_000;

    /// <summary>Requests one API key may make at once above the sustained rate (the bucket's size).</summary>
    public int KeyBurst { get; set; } = 2_000;
}
