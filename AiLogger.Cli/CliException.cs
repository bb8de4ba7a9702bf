namespace AiLogger.Cli;

/// <summary>A failure the command reports in one sentence, with its exit code (never a stack trace).</summary>
public sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    /// <summary>The server could not be reached (rather than refused): worth retrying.</summary>
    public bool Connection { get; init; }

    public static CliException Failure(string message) => new(ExitCodes.Failure, message);

    public static CliException Usage(string message) => new(ExitCodes.Usage, message);

    public static CliException Unreachable(string message) => new(ExitCodes.Unreachable, message);
}

/// <summary>The exit codes scripts can rely on.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The command ran and reports a failure: the server refused the input, a test run has new failures.</summary>
    public const int Failure = 1;

    /// <summary>The command line is wrong.</summary>
    public const int Usage = 2;

    /// <summary>The server could not be reached, or refused the key (401/403).</summary>
    public const int Unreachable = 3;
}
