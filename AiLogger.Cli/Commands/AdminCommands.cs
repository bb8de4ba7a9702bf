using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AiLogger.Cli.Output;
using Spectre.Console;

namespace AiLogger.Cli.Commands;

/// <summary><c>keys create|list|revoke</c>, <c>users list</c> and <c>backup</c> (a key with the admin scope).</summary>
public static class AdminCommands
{
    public static Command Keys(CommandRunner run)
    {
        var keys = new Command("keys", "API keys");

        var name = new Option<string>("--name") { Description = "What the key is for", Required = true };
        var scopes = new Option<string[]>("--scope") { Description = "ingest, read or admin (repeatable; default ingest)", AllowMultipleArgumentsPerToken = true };
        var minimumLevel = new Option<string?>("--minimum-level") { Description = "Events below this level sent with the key are dropped" };
        var properties = Properties.Option("A property added to every event sent with the key (repeatable)");
        var createJson = new Option<bool>("--json") { Description = "Print the server's answer as JSON" };
        var create = new Command("create", "Create a key and print its secret (shown only this once)") { name, scopes, minimumLevel, properties, createJson };
        run.Bind(create, async (context, cancellationToken) =>
        {
            var chosen = context.Value(scopes) is { Length: > 0 } s ? s.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray() : ["ingest"];
            var answer = await context.Client.PostJsonAsync("/api/keys", new Dictionary<string, object?>
            {
                ["name"] = context.Value(name),
                ["scopes"] = chosen,
                ["minimumLevel"] = context.Value(minimumLevel),
                ["appliedProperties"] = Properties.Read(context.Value(properties)),
            }, cancellationToken);
            if (context.Value(createJson)) context.Print.JsonLine(answer);
            else
            {
                // The secret alone on standard output, so `KEY=$(ailogger keys create …)` works.
                context.Print.Line(answer.GetProperty("key").GetString()!);
                context.Print.Note($"Key {answer.GetProperty("id").GetInt64()} '{answer.GetProperty("name").GetString()}' ({string.Join(", ", answer.GetProperty("scopes").EnumerateArray().Select(x => x.GetString()))}) created; the secret above is not shown again.");
            }
            return ExitCodes.Ok;
        });

        var listJson = new Option<bool>("--json") { Description = "One key per line as JSON" };
        var list = new Command("list", "Every key (never the secrets)") { listJson };
        run.Bind(list, async (context, cancellationToken) =>
        {
            var answer = await context.Client.GetAsync("/api/keys", cancellationToken);
            var items = Items(answer, "keys");
            if (context.Value(listJson))
            {
                foreach (var k in items) context.Print.JsonLine(k);
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumns("id", "name", "prefix", "scopes", "created", "last used", "events", "state");
            foreach (var k in items)
                table.AddRow(
                    new Text(k.GetProperty("id").GetRawText()), new Text(Printer.Text(k, "name") ?? ""), new Text(Printer.Text(k, "prefix") ?? ""),
                    new Text(string.Join(", ", k.GetProperty("scopes").EnumerateArray().Select(x => x.GetString()))),
                    new Text(Printer.Time(k, "createdAt")), new Text(Printer.Time(k, "lastUsedAt")),
                    new Text(k.GetProperty("eventsIngested").GetInt64().ToString("N0", CultureInfo.InvariantCulture)),
                    Printer.Text(k, "revokedAt") is null ? new Markup("[green]active[/]") : new Markup("[grey]revoked[/]"));
            context.Print.Table(table);
            return ExitCodes.Ok;
        });

        var id = new Argument<long>("id") { Description = "The key's id (from `ailogger keys list`)" };
        var revoke = new Command("revoke", "Revoke a key: it is refused from now on") { id };
        run.Bind(revoke, async (context, cancellationToken) =>
        {
            await context.Client.DeleteAsync($"/api/keys/{context.Value(id)}", cancellationToken);
            context.Print.Note($"Key {context.Value(id)} revoked.");
            return ExitCodes.Ok;
        });

        keys.Add(create);
        keys.Add(list);
        keys.Add(revoke);
        return keys;
    }

    public static Command Users(CommandRunner run)
    {
        var users = new Command("users", "Users of the web UI");
        var json = new Option<bool>("--json") { Description = "One user per line as JSON" };
        var list = new Command("list", "Every user with their role") { json };
        run.Bind(list, async (context, cancellationToken) =>
        {
            var items = Items(await context.Client.GetAsync("/api/users", cancellationToken), "users");
            if (context.Value(json))
            {
                foreach (var u in items) context.Print.JsonLine(u);
                return ExitCodes.Ok;
            }
            if (!items.Any())
            {
                context.Print.Note("No user yet: open the one-time setup link the server printed at its start, or see the README's first run.");
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumns("id", "email", "role", "created", "last sign-in", "state");
            foreach (var u in items)
                table.AddRow(
                    new Text(Printer.Text(u, "id") ?? ""), new Text(Printer.Text(u, "email") ?? ""), new Text(Printer.Text(u, "role") ?? ""),
                    new Text(Printer.Time(u, "createdAt")), new Text(Printer.Time(u, "lastSignInAt")),
                    u.TryGetProperty("isDisabled", out var disabled) && disabled.ValueKind == JsonValueKind.True ? new Markup("[grey]disabled[/]") : new Markup("[green]active[/]"));
            context.Print.Table(table);
            return ExitCodes.Ok;
        });
        users.Add(list);
        return users;
    }

    public static Command Backup(CommandRunner run)
    {
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Where to save the backup (default: its name, in the current folder)" };
        var json = new Option<bool>("--json") { Description = "Print the server's answer as JSON" };
        var backup = new Command("backup", "Take a consistent backup on the server and download it") { output, json };
        run.Bind(backup, async (context, cancellationToken) =>
        {
            var created = await context.Client.PostJsonAsync("/api/admin/backups", new { }, cancellationToken);
            var name = created.GetProperty("name").GetString()!;
            var target = context.Value(output)?.FullName ?? Path.Combine(Directory.GetCurrentDirectory(), name);
            using var response = await context.Client.OpenAsync(new HttpRequestMessage(HttpMethod.Get, created.GetProperty("download").GetString()),
                HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode) throw context.Client.Refusal(response, await response.Content.ReadAsStringAsync(cancellationToken));
            var partial = target + ".part";
            await using (var file = File.Create(partial))
                await response.Content.CopyToAsync(file, cancellationToken);
            File.Move(partial, target, overwrite: true);
            if (context.Value(json)) context.Print.JsonLine(created);
            else context.Print.Line($"{target} ({new FileInfo(target).Length:N0} bytes)");
            return ExitCodes.Ok;
        });
        return backup;
    }

    private static List<JsonElement> Items(JsonElement answer, string name) =>
        answer.ValueKind == JsonValueKind.Array ? answer.EnumerateArray().ToList()
        : answer.TryGetProperty(name, out var items) ? items.EnumerateArray().ToList() : [];
}
