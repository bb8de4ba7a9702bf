using AiLogger.Web;
using Microsoft.Extensions.Options;

try
{
    if (await AiLoggerApp.RestoreIfAskedAsync(args) is { } restored) return restored;
    if (await AiLoggerApp.MigrateIfAskedAsync(args) is { } migrated) return migrated;
    await AiLoggerApp.Build(args).RunAsync();
}
catch (OptionsValidationException error)
{
    // A bad setting stops the app with one line that names it (DESIGN §8).
    Console.Error.WriteLine($"AI-Logger cannot start: {string.Join(" ", error.Failures)}");
    return 1;
}
catch (AiLogger.Infrastructure.Persistence.StorageStartupException error)
{
    Console.Error.WriteLine($"AI-Logger cannot start: {error.Message}");
    return 1;
}
return 0;

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
