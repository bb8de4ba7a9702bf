namespace AiLogger.Domain.ModelMonitoring;

/// <summary>What a client sends to register a model or change its description (<c>POST /api/models</c>).</summary>
public sealed record ModelDefinition
{
    public required string Name { get; init; }

    public string? Version { get; init; }

    /// <summary>Null or empty: no declared classes, any class name is accepted.</summary>
    public IReadOnlyList<string>? Classes { get; init; }

    public string? Description { get; init; }

    /// <summary>Field errors keyed by field name; empty when the definition is valid.</summary>
    public IReadOnlyDictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(Name)) errors["name"] = ["A name is required."];
        else if (!ModelLimits.IsValidName(Name))
            errors["name"] = [$"'{Name}' is not a usable model name: up to {ModelLimits.MaxNameLength} letters, digits, '.', '-' or '_', starting with a letter or digit."];
        if (Version is { Length: > ModelLimits.MaxVersionLength })
            errors["version"] = [$"The version must be at most {ModelLimits.MaxVersionLength} characters."];
        if (Description is { Length: > ModelLimits.MaxDescriptionLength })
            errors["description"] = [$"The description must be at most {ModelLimits.MaxDescriptionLength} characters."];
        if (Classes is { } classes)
        {
            var problems = new List<string>();
            if (classes.Count > ModelLimits.MaxClasses) problems.Add($"At most {ModelLimits.MaxClasses} classes can be declared.");
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < classes.Count; i++)
            {
                if (ModelLimits.CheckClass(classes[i]) is { } reason) problems.Add($"Class [{i}]: {reason}.");
                else if (!seen.Add(classes[i])) problems.Add($"Class '{classes[i]}' is declared twice.");
            }
            if (problems.Count > 0) errors["classes"] = problems.ToArray();
        }
        return errors;
    }
}
