using AiLogger.Tests.Support;

namespace AiLogger.Tests.Imports;

/// <summary>The real app watching folders under a temp root, one per format, as <c>AiLogger:Imports:Sources</c> configures them.</summary>
public sealed class ImportAppFixture : AppFixture
{
    public const string TextPattern = @"^(?<timestamp>\S+) \[(?<level>\w+)\] (?<source>[\w.]+): (?<message>.*)$";

    public const string ReportsProject = "watched-reports";

    private readonly TempDirectory _root = new();

    public string Root => _root.Path;

    public string Folder(string name)
    {
        var path = Path.Combine(_root.Path, name);
        Directory.CreateDirectory(path);
        return path;
    }

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            var sources = new (string Name, string Pattern, string Format, string? Zone, string? Regex)[]
            {
                ("seeds", "*.jsonl", "jsonl", "Europe/Paris", null),
                ("clef", "*.clef", "clef", null, null),
                ("python", "*.log", "python", null, null),
                ("text", "*.txt", "text", null, TextPattern),
                ("auto", "*", "auto", null, null),
                ("rotation", "app.log", "jsonl", null, null),
                ("partial", "*.jsonl", "jsonl", null, null),
                ("bad", "*.jsonl", "jsonl", null, null),
            };
            for (var i = 0; i < sources.Length; i++)
            {
                var (name, pattern, format, zone, regex) = sources[i];
                settings[$"AiLogger:Imports:Sources:{i}:Name"] = name;
                settings[$"AiLogger:Imports:Sources:{i}:Path"] = Folder(name);
                settings[$"AiLogger:Imports:Sources:{i}:Pattern"] = pattern;
                settings[$"AiLogger:Imports:Sources:{i}:Format"] = format;
                settings[$"AiLogger:Imports:Sources:{i}:TimeZone"] = zone;
                settings[$"AiLogger:Imports:Sources:{i}:Regex"] = regex;
            }
            // Test reports: each file one run of the project named in Source.
            var reports = sources.Length;
            settings[$"AiLogger:Imports:Sources:{reports}:Name"] = "reports";
            settings[$"AiLogger:Imports:Sources:{reports}:Path"] = Folder("reports");
            settings[$"AiLogger:Imports:Sources:{reports}:Pattern"] = "TEST-*.xml";
            settings[$"AiLogger:Imports:Sources:{reports}:Format"] = "junit";
            settings[$"AiLogger:Imports:Sources:{reports}:Source"] = ReportsProject;
            settings["AiLogger:Imports:LinesPerCommit"] = "100";
            settings["AiLogger:Imports:AllowedRoots:0"] = _root.Path;
            settings["AiLogger:Imports:UploadDirectory"] = Folder("uploads");
            // Scans run when a test asks for one.
            settings["AiLogger:Imports:ScanSchedule"] = "0 0 1 1 *";
            return settings;
        }
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _root.Dispose();
    }
}
