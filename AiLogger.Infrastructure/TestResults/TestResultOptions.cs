namespace AiLogger.Infrastructure.TestResults;

/// <summary><c>AiLogger:Tests</c>.</summary>
public sealed class TestResultOptions
{
    public const string Section = "AiLogger:Tests";

    /// <summary>Largest run: its files together, once inflated, in bytes (50 MB by default).</summary>
    public long MaxRunBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>Most test cases in one run.</summary>
    public int MaxCasesPerRun { get; set; } = 250_000;

    /// <summary>Most files in one run.</summary>
    public int MaxFilesPerRun { get; set; } = 100;

    /// <summary>Kept of each case's output (system-out, system-err), in characters; the rest is cut with a marker.</summary>
    public int MaxOutputChars { get; set; } = 64 * 1024;

    /// <summary>A case that flipped between pass and fail this often within <see cref="FlakyWindow"/> runs is flaky.</summary>
    public int FlakyFlips { get; set; } = 3;

    public int FlakyWindow { get; set; } = 30;

    /// <summary>A flaky verdict clears after this many consecutive clean passes.</summary>
    public int FlakyClearAfter { get; set; } = 5;

    /// <summary>The branch a new branch's first run is compared with.</summary>
    public string DefaultBranch { get; set; } = "main";

    internal TestReportLimits Limits => new(MaxCasesPerRun, MaxOutputChars);

    internal Domain.TestResults.FlakyRules FlakyRules => new(FlakyFlips, FlakyWindow, FlakyClearAfter);
}

internal sealed class TestResultOptionsValidator : Microsoft.Extensions.Options.IValidateOptions<TestResultOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, TestResultOptions o)
    {
        var errors = new List<string>();
        if (o.MaxRunBytes < 1024) errors.Add($"{TestResultOptions.Section}:MaxRunBytes must be at least 1024.");
        if (o.MaxCasesPerRun < 1) errors.Add($"{TestResultOptions.Section}:MaxCasesPerRun must be at least 1.");
        if (o.MaxFilesPerRun < 1) errors.Add($"{TestResultOptions.Section}:MaxFilesPerRun must be at least 1.");
        if (o.MaxOutputChars < 256) errors.Add($"{TestResultOptions.Section}:MaxOutputChars must be at least 256.");
        if (o.FlakyFlips < 1 || o.FlakyWindow < 2 || o.FlakyClearAfter < 1)
            errors.Add($"{TestResultOptions.Section}: FlakyFlips and FlakyClearAfter must be at least 1, FlakyWindow at least 2.");
        if (string.IsNullOrWhiteSpace(o.DefaultBranch)) errors.Add($"{TestResultOptions.Section}:DefaultBranch must name a branch.");
        return errors.Count == 0 ? Microsoft.Extensions.Options.ValidateOptionsResult.Success : Microsoft.Extensions.Options.ValidateOptionsResult.Fail(errors);
    }
}
