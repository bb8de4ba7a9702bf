using Spectre.Console;

namespace AiLogger.Cli;

/// <summary>
/// What a command talks to: its output streams, its input, the environment and the config folder. The process
/// uses the real ones; tests run the same commands in-process with their own.
/// </summary>
public sealed class CliHost
{
    /// <summary>Where results go: tables, or JSON lines with <c>--json</c>.</summary>
    public required TextWriter Out { get; init; }

    /// <summary>Messages, errors and progress.</summary>
    public required TextWriter Error { get; init; }

    public required Func<Stream> OpenInput { get; init; }

    public required Func<string, string?> Environment { get; init; }

    /// <summary>The folder holding <c>config.json</c> (profiles).</summary>
    public required string ConfigFolder { get; init; }

    /// <summary>Whether the output streams are terminals (colour, progress bars that redraw).</summary>
    public bool Interactive { get; init; }

    /// <summary>The HTTP handler for every request (tests may shorten timeouts); null for the default.</summary>
    public HttpMessageHandler? Handler { get; init; }

    public static CliHost FromProcess() => new()
    {
        Out = Console.Out,
        Error = Console.Error,
        OpenInput = Console.OpenStandardInput,
        Environment = System.Environment.GetEnvironmentVariable,
        ConfigFolder = DefaultConfigFolder(System.Environment.GetEnvironmentVariable),
        Interactive = !Console.IsOutputRedirected && !Console.IsErrorRedirected,
    };

    /// <summary><c>AILOGGER_CONFIG_DIR</c>, else <c>$XDG_CONFIG_HOME/ailogger</c> (<c>~/.config/ailogger</c>; <c>%APPDATA%\ailogger</c> on Windows).</summary>
    public static string DefaultConfigFolder(Func<string, string?> environment) =>
        environment("AILOGGER_CONFIG_DIR") is { Length: > 0 } folder
            ? folder
            : Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.ApplicationData, System.Environment.SpecialFolderOption.DoNotVerify), "ailogger");

    /// <summary>A Spectre console over <paramref name="writer"/>, coloured unless <paramref name="noColor"/> or the stream is not a terminal.</summary>
    public IAnsiConsole CreateConsole(TextWriter writer, bool noColor)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = noColor || !Interactive ? AnsiSupport.No : AnsiSupport.Yes,
            ColorSystem = noColor || !Interactive ? ColorSystemSupport.NoColors : ColorSystemSupport.Standard,
            Interactive = Interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        // Into a pipe or a file, a line stays one line: no wrapping at an imagined 80 columns.
        if (!Interactive) console.Profile.Width = 4096;
        return console;
    }
}
