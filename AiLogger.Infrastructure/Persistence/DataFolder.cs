using System.Data.Common;
using Microsoft.Extensions.Configuration;

namespace AiLogger.Infrastructure.Persistence;

/// <summary>
/// <c>AiLogger:DataPath</c>: the one folder AI-Logger keeps its data in — the SQLite database (a relative
/// <c>Data Source</c> is read from here), <c>uploads/</c> waiting for import, <c>backups/</c>, and <c>imports/</c>, the
/// default root of watched folders. Unset, it is the folder of the database file, so a relative database still lives
/// in the working folder as before and a database given by absolute path carries its data beside it.
/// </summary>
public sealed class DataFolder
{
    public const string Key = "AiLogger:DataPath";

    public DataFolder(IConfiguration configuration)
    {
        var configured = configuration[Key];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            Root = Path.GetFullPath(configured);
            return;
        }
        var connection = new DbConnectionStringBuilder { ConnectionString = configuration.GetConnectionString("AiLogger") ?? "Data Source=ailogger.db" };
        var source = new[] { "Data Source", "DataSource", "Filename" }.Select(k => connection.TryGetValue(k, out var v) ? v as string : null)
            .FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
        // A server database (PostgreSQL) or an in-memory one has no file: the working folder then.
        Root = source is null || source == ":memory:" || source.StartsWith("file:", StringComparison.Ordinal) || connection.ContainsKey("Host")
            ? Path.GetFullPath(".")
            : Path.GetDirectoryName(Path.GetFullPath(source))!;
    }

    public string Root { get; }

    public string Uploads => Path.Combine(Root, "uploads");

    public string Backups => Path.Combine(Root, "backups");

    public string Imports => Path.Combine(Root, "imports");

    /// <summary>A path as configured: absolute as it is, relative to <see cref="Root"/> otherwise.</summary>
    public string Resolve(string path) => Path.GetFullPath(path, Root);
}
