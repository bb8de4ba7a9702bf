using System.CommandLine;
using AiLogger.Cli.Connection;
using Spectre.Console;

namespace AiLogger.Cli.Commands;

/// <summary><c>ailogger config set|get|list</c>: named profiles holding a server address and an API key.</summary>
public static class ConfigCommands
{
    public static Command Build(CliHost host)
    {
        var config = new Command("config", "Connection profiles (url, api-key) kept in the user's config folder");
        var name = new Argument<string>("setting") { Description = "url or api-key" };
        var value = new Argument<string>("value");
        var set = new Command("set", "Set a setting of the profile (--profile, else the default one)") { name, value };
        set.SetAction(parse =>
        {
            var store = new ProfileStore(host.ConfigFolder);
            var setting = ProfileStore.CheckSetting(parse.GetValue(name)!);
            var file = store.Load();
            var profileName = ProfileName(parse, file);
            if (!file.Profiles.TryGetValue(profileName, out var profile)) file.Profiles[profileName] = profile = new ConnectionProfile();
            profile.Set(setting, parse.GetValue(value));
            file.DefaultProfile ??= profileName;
            store.Save(file);
            host.Error.WriteLine($"ConnectionProfile '{profileName}': {setting} set ({store.Path}).");
            return ExitCodes.Ok;
        });

        var getName = new Argument<string>("setting") { Description = "url or api-key" };
        var get = new Command("get", "Print a setting of the profile") { getName };
        get.SetAction(parse =>
        {
            var store = new ProfileStore(host.ConfigFolder);
            var setting = ProfileStore.CheckSetting(parse.GetValue(getName)!);
            var file = store.Load();
            var profileName = ProfileName(parse, file);
            var current = file.Profiles.TryGetValue(profileName, out var profile) ? profile.Get(setting) : null;
            if (current is null) throw CliException.Failure($"ConnectionProfile '{profileName}' has no {setting}.");
            host.Out.WriteLine(current);
            return ExitCodes.Ok;
        });

        var list = new Command("list", "Every profile (keys shown by their first characters)");
        list.SetAction(parse =>
        {
            var store = new ProfileStore(host.ConfigFolder);
            var file = store.Load();
            var console = host.CreateConsole(host.Out, noColor: true);
            if (file.Profiles.Count == 0)
            {
                host.Error.WriteLine($"No profile yet ({store.Path}). Create one with `ailogger config set url http://localhost:5000`.");
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumns("profile", "url", "api-key").Border(TableBorder.Rounded);
            foreach (var (profileName, profile) in file.Profiles.OrderBy(p => p.Key, StringComparer.Ordinal))
                table.AddRow(Markup.Escape(profileName + (profileName == (file.DefaultProfile ?? ProfileStore.DefaultProfile) ? " (default)" : "")),
                    Markup.Escape(profile.Url ?? ""), Markup.Escape(Mask(profile.ApiKey)));
            console.Write(table);
            return ExitCodes.Ok;
        });

        var useName = new Argument<string>("profile");
        var use = new Command("use", "Make a profile the default") { useName };
        use.SetAction(parse =>
        {
            var store = new ProfileStore(host.ConfigFolder);
            var file = store.Load();
            var profileName = parse.GetValue(useName)!;
            if (!file.Profiles.ContainsKey(profileName)) throw CliException.Failure($"No profile is named '{profileName}'.");
            file.DefaultProfile = profileName;
            store.Save(file);
            host.Error.WriteLine($"ConnectionProfile '{profileName}' is the default.");
            return ExitCodes.Ok;
        });

        config.Add(set);
        config.Add(get);
        config.Add(list);
        config.Add(use);
        return config;
    }

    private static string ProfileName(ParseResult parse, ConfigFile file) =>
        parse.GetValue<string?>("--profile") ?? file.DefaultProfile ?? ProfileStore.DefaultProfile;

    private static string Mask(string? key) => key is null ? "" : key.Length <= 8 ? "****" : key[..6] + "…";
}
