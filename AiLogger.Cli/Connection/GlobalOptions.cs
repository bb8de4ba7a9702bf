using System.CommandLine;

namespace AiLogger.Cli.Connection;

/// <summary>The options every command takes: where the server is, which key, how to print.</summary>
public sealed class GlobalOptions
{
    public Option<string?> Server { get; } = new("--server", "-s")
    {
        Description = "The server's address (else AILOGGER_URL, else the profile's url, else http://localhost:5000)",
        Recursive = true,
    };

    public Option<string?> ApiKey { get; } = new("--api-key", "-a")
    {
        Description = "The API key (else AILOGGER_API_KEY, else the profile's api-key)",
        Recursive = true,
    };

    public Option<string?> Profile { get; } = new("--profile")
    {
        Description = "A named connection profile from `ailogger config` (else the default profile)",
        Recursive = true,
    };

    public Option<bool> NoColor { get; } = new("--no-color") { Description = "Plain text, no colour", Recursive = true };

    public const string DefaultUrl = "http://localhost:5000";

    public void AddTo(Command root)
    {
        root.Add(Server);
        root.Add(ApiKey);
        root.Add(Profile);
        root.Add(NoColor);
    }

    /// <summary>The server and key for this invocation: flag, then environment, then profile.</summary>
    public (Uri Server, string? ApiKey) Resolve(ParseResult parse, CliHost host)
    {
        var store = new ProfileStore(host.ConfigFolder);
        var config = store.Load();
        var profileName = parse.GetValue(Profile);
        ConnectionProfile? profile = null;
        if (profileName is not null)
        {
            if (!config.Profiles.TryGetValue(profileName, out profile))
                throw CliException.Usage($"No profile is named '{profileName}'; create it with `ailogger config set url <address> --profile {profileName}`.");
        }
        else config.Profiles.TryGetValue(config.DefaultProfile ?? ProfileStore.DefaultProfile, out profile);

        var url = parse.GetValue(Server) ?? Blank(host.Environment("AILOGGER_URL")) ?? profile?.Url ?? DefaultUrl;
        var key = parse.GetValue(ApiKey) ?? Blank(host.Environment("AILOGGER_API_KEY")) ?? profile?.ApiKey;
        if (!Uri.TryCreate(url.Contains("://", StringComparison.Ordinal) ? url : "http://" + url, UriKind.Absolute, out var server)
            || server.Scheme is not ("http" or "https"))
            throw CliException.Usage($"'{url}' is not a server address; give one such as http://localhost:5000.");
        return (server, key);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
