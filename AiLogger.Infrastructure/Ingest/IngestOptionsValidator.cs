using AiLogger.Domain.Logs.Query;
using Microsoft.Extensions.Options;

namespace AiLogger.Infrastructure.Ingest;

internal sealed class IngestOptionsValidator : IValidateOptions<IngestOptions>
{
    public ValidateOptionsResult Validate(string? name, IngestOptions o)
    {
        var failures = new List<string>();
        const string s = IngestOptions.Section;
        if (o.MaxBodyBytes < 1024) failures.Add($"{s}:MaxBodyBytes must be at least 1024.");
        if (o.MaxEventBytes < 256 || o.MaxEventBytes > o.MaxBodyBytes) failures.Add($"{s}:MaxEventBytes must be between 256 and MaxBodyBytes.");
        if (o.MaxJsonDepth is < 4 or > 1000) failures.Add($"{s}:MaxJsonDepth must be between 4 and 1000.");
        if (o.QueueCapacity < 100) failures.Add($"{s}:QueueCapacity must be at least 100.");
        if (o.QueueWait < TimeSpan.Zero) failures.Add($"{s}:QueueWait must not be negative.");
        if (o.MaxInFlightBytes < o.MaxBodyBytes) failures.Add($"{s}:MaxInFlightBytes must be at least MaxBodyBytes ({o.MaxBodyBytes}), not {o.MaxInFlightBytes}.");
        if (o.MaxEventsPerCommit < 1) failures.Add($"{s}:MaxEventsPerCommit must be at least 1.");
        for (var i = 0; i < o.DropFilters.Count; i++)
        {
            try { LogQuery.Parse(o.DropFilters[i]); }
            catch (LogQuerySyntaxException e) { failures.Add($"{s}:DropFilters:{i}: {e.Message}"); }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
