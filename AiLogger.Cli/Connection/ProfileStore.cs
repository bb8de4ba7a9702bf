using System.Text.Json;
using System.Text.Json.Serialization;

namespace AiLogger.Cli.Connection;

/// <summary>Named connection profiles in <c>config.json</c> under the user's config folder.</summary>
public sealed class ProfileStore(string folder)
{
    public const string DefaultProfile = "default";

    /// <summary>The settings a profile may hold.</summary>
    public static IReadOnlyList<string> Settings { get; } = ["url", "api-key"];

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public string Path => System.IO.Path.Combine(folder, "config.json");

    public ConfigFile Load()
    {
        if (!File.Exists(Path)) return new ConfigFile();
        try
        {
            return JsonSerializer.Deserialize<ConfigFile>(File.ReadAllText(Path), Json) ?? new ConfigFile();
        }
        catch (JsonException error)
        {
            throw CliException.Failure($"{Path} is not valid JSON ({error.Message}); fix or delete it.");
        }
    }

    public void Save(ConfigFile config)
    {
        Directory.CreateDirectory(folder);
        var temporary = Path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(config, Json));
        // The file holds API keys: readable by its owner only.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temporary, Path, overwrite: true);
    }

    public static string CheckSetting(string name)
    {
        var normalized = name.Trim().ToLowerInvariant() switch
        {
            "apikey" or "api_key" or "key" => "api-key",
            "server" => "url",
            var other => other,
        };
        return Settings.Contains(normalized)
            ? normalized
            : throw CliException.Usage($"'{name}' is not a setting; use one of {string.Join(", ", Settings)}.");
    }
}

public sealed class ConfigFile
{
    public string? DefaultProfile { get; set; }

    public Dictionary<string, ConnectionProfile> Profiles { get; set; } = new(StringComparer.Ordinal);
}

public sealed class ConnectionProfile
{
    public string? Url { get; set; }

    [JsonPropertyName("apiKey")]
    public string? ApiKey { get; set; }

    public string? Get(string setting) => setting == "url" ? Url : ApiKey;

    public void Set(string setting, string? value)
    {
        if (setting == "url") Url = value;
        else ApiKey = value;
    }
}
