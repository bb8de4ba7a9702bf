namespace AiLogger.Domain.ModelMonitoring;

/// <summary>
/// Accuracy estimated without labels, in NannyML CBPE's simplest form: if the model's confidences are
/// calibrated, the expected accuracy is the mean confidence of the class it predicted.
/// </summary>
public static class EstimatedAccuracy
{
    /// <summary>
    /// Mean of the predicted class's confidence; NaN values are skipped. Null when there is no confidence to average.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A confidence lies outside [0, 1].</exception>
    public static double? From(IEnumerable<double> predictedClassConfidences)
    {
        ArgumentNullException.ThrowIfNull(predictedClassConfidences);
        double sum = 0;
        long count = 0;
        foreach (var confidence in predictedClassConfidences)
        {
            if (double.IsNaN(confidence)) continue;
            if (confidence is < 0 or > 1)
                throw new ArgumentOutOfRangeException(nameof(predictedClassConfidences), confidence, "Confidences must lie in [0, 1].");
            sum += confidence;
            count++;
        }
        return count == 0 ? null : sum / count;
    }
}
