using Microsoft.Extensions.Options;

namespace AiLogger.Infrastructure.Logs;

internal sealed class SearchOptionsValidator : IValidateOptions<SearchOptions>
{
    public ValidateOptionsResult Validate(string? name, SearchOptions options)
    {
        var failures = new List<string>();
        if (options.RareWordDocuments < 0) failures.Add($"{SearchOptions.Section}:RareWordDocuments must be 0 (always walk the store) or more, not {options.RareWordDocuments}.");
        if (options.QueryTimeout < TimeSpan.FromMilliseconds(1) || options.QueryTimeout > TimeSpan.FromMinutes(10))
            failures.Add($"{SearchOptions.Section}:QueryTimeout must be between 00:00:00.001 and 00:10:00, not {options.QueryTimeout}.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
