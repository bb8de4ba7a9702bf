namespace AiLogger.Domain.Imports;

/// <summary>A watched folder: files matching <see cref="Pattern"/> in <see cref="Path"/> are imported as they grow.</summary>
public sealed record ImportSource
{
    public const string ConfigurationOrigin = "configuration";
    public const string DatabaseOrigin = "database";

    /// <summary><c>config:{Name}</c> for sources from configuration, <c>db:{id}</c> for those added in the UI.</summary>
    public required string Key { get; init; }

    public required string Name { get; init; }

    public required string Path { get; init; }

    /// <summary>A file-name pattern in <see cref="Path"/>: <c>*.jsonl</c>, <c>app-*.log</c> (no folders, no <c>..</c>).</summary>
    public string Pattern { get; init; } = "*";

    public string Format { get; init; } = ImportFormats.Auto;

    /// <summary>The events' source when a line names none.</summary>
    public string? Source { get; init; }

    /// <summary>Time zone (IANA or Windows id) of timestamps without an offset; UTC when empty.</summary>
    public string? TimeZone { get; init; }

    /// <summary>For <see cref="ImportFormats.Text"/>: a regular expression with named groups.</summary>
    public string? Regex { get; init; }

    public string Origin { get; init; } = ConfigurationOrigin;

    public bool Enabled { get; init; } = true;

    public ImportFormatSettings Settings => new() { Format = Format, Source = Source, TimeZone = TimeZone, Regex = Regex };

    /// <summary>Field → what is wrong with it; empty when the source can be watched.</summary>
    public IReadOnlyDictionary<string, string> Validate()
    {
        var errors = new Dictionary<string, string>(Settings.Validate());
        // A watched folder of test reports: each file one run of the project named in Source (else the source's name).
        if (ImportFormats.IsTestReport(Format)) errors.Remove("format");
        if (string.IsNullOrWhiteSpace(Name)) errors["name"] = "A source needs a name.";
        if (string.IsNullOrWhiteSpace(Path)) errors["path"] = "A source needs the folder to watch.";
        else if (!System.IO.Path.IsPathFullyQualified(Path)) errors["path"] = $"'{Path}' is not an absolute path.";
        if (string.IsNullOrWhiteSpace(Pattern)) errors["pattern"] = "A source needs a file pattern such as *.jsonl.";
        else if (Pattern.Contains('/') || Pattern.Contains('\\') || Pattern.Contains("..", StringComparison.Ordinal))
            errors["pattern"] = $"'{Pattern}' is not a file-name pattern: use one such as *.log or app-*.jsonl, without folders or '..' (the folder goes in the path).";
        return errors;
    }
}
