using System.Text.RegularExpressions;

namespace AiLogger.Domain.ModelMonitoring;

/// <summary>Sizes and shapes accepted for model names, classes and item ids.</summary>
public static partial class ModelLimits
{
    public const int MaxNameLength = 100;
    public const int MaxVersionLength = 100;
    public const int MaxDescriptionLength = 2_000;
    public const int MaxClasses = 1_000;
    public const int MaxClassLength = 200;
    public const int MaxItemIdLength = 1_024;

    /// <summary>Largest <c>features</c> or <c>probabilities</c> object of one prediction, as JSON text.</summary>
    public const int MaxJsonFieldBytes = 64 * 1024;

    /// <summary>Errors listed in a 400; the rest are only counted.</summary>
    public const int MaxErrorsReported = 20;

    /// <summary>A model name travels in URLs (<c>/api/models/{name}</c>, <c>/models/{name}</c>), so it is kept to URL-safe characters.</summary>
    public static bool IsValidName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxNameLength && NamePattern().IsMatch(name);

    /// <summary>Why a class name cannot be used, or null when it can.</summary>
    public static string? CheckClass(string? name) => name switch
    {
        null or "" => "a class name must not be empty",
        _ when string.IsNullOrWhiteSpace(name) => "a class name must not be blank",
        { Length: > MaxClassLength } => $"a class name must be at most {MaxClassLength} characters",
        _ => null,
    };

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
