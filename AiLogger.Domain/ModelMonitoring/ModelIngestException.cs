namespace AiLogger.Domain.ModelMonitoring;

/// <summary>
/// A batch of predictions or validations refused whole (400): nothing of it is stored. <see cref="Errors"/> holds the
/// first <see cref="ModelLimits.MaxErrorsReported"/> problems, <see cref="TotalErrors"/> counts them all.
/// </summary>
public sealed class ModelIngestException(IReadOnlyList<ModelIngestError> errors, int totalErrors, string what = "The batch")
    : Exception(Describe(errors, totalErrors, what))
{
    public IReadOnlyList<ModelIngestError> Errors { get; } = errors;

    public int TotalErrors { get; } = totalErrors;

    /// <summary>The same errors placed on file lines instead of list positions.</summary>
    public ModelIngestException AtLines(IReadOnlyList<int> lines, string what) => new(
        Errors.Select(e => e.Index is { } i && i < lines.Count ? e with { Index = null, Line = lines[i] } : e).ToList(), TotalErrors, what);

    private static string Describe(IReadOnlyList<ModelIngestError> errors, int total, string what) =>
        errors.Count == 0 ? $"{what} was refused."
        : $"{what} was refused and nothing was stored: {errors[0]}" + (total > 1 ? $" (and {total - 1} more error{(total > 2 ? "s" : "")})" : "");
}
