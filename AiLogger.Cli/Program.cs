namespace AiLogger.Cli;

internal static class CliProgram
{
    // Not top-level statements: a global Program class would clash with the web app's in the tests.
    private static Task<int> Main(string[] args) => CliApp.RunAsync(args, CliHost.FromProcess());
}
