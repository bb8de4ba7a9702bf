using AiLogger.Infrastructure.Persistence;
using Microsoft.Extensions.Options;

namespace AiLogger.Infrastructure.Imports;

internal sealed class ImportOptionsValidator(DataFolder folder) : IValidateOptions<ImportOptions>
{
    public ValidateOptionsResult Validate(string? name, ImportOptions options)
    {
        var failures = new List<string>();
        if (options.MaxUploadBytes <= 0) failures.Add($"{ImportOptions.Section}:MaxUploadBytes must be positive.");
        if (options.LinesPerCommit is < 1 or > 100_000) failures.Add($"{ImportOptions.Section}:LinesPerCommit must be between 1 and 100000.");
        if (options.MaxRejectedLinesKept < 0) failures.Add($"{ImportOptions.Section}:MaxRejectedLinesKept cannot be negative.");
        if (string.IsNullOrWhiteSpace(options.ScanSchedule)) failures.Add($"{ImportOptions.Section}:ScanSchedule needs a cron expression such as \"* * * * *\".");
        var roots = new ImportRoots(options, folder);
        var index = 0;
        foreach (var source in options.ConfiguredSources())
        {
            var errors = source.Validate();
            foreach (var (field, error) in errors)
                failures.Add($"{ImportOptions.Section}:Sources:{index}:{char.ToUpperInvariant(field[0])}{field[1..]}: {error}");
            if (!errors.ContainsKey("path") && roots.Refusal(source.Path) is { } refusal)
                failures.Add($"{ImportOptions.Section}:Sources:{index}:Path: {refusal}");
            index++;
        }
        foreach (var duplicate in options.Sources.GroupBy(s => s.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            failures.Add($"{ImportOptions.Section}:Sources: the name '{duplicate.Key}' is used twice.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
