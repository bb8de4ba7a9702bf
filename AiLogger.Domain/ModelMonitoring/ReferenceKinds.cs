namespace AiLogger.Domain.ModelMonitoring;

/// <summary>Where a model's reference distribution comes from.</summary>
public static class ReferenceKinds
{
    /// <summary>Class counts of the training data, as sent.</summary>
    public const string Training = "training";

    /// <summary>The model's own predictions in a past period [from, to).</summary>
    public const string Period = "period";
}
