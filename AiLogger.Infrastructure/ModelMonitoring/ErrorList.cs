using AiLogger.Domain.ModelMonitoring;

namespace AiLogger.Infrastructure.ModelMonitoring;

/// <summary>The first errors of a batch, kept for the answer; the rest only counted.</summary>
internal sealed class ErrorList
{
    private readonly List<ModelIngestError> _errors = [];

    public int Total { get; private set; }

    public void Add(ModelIngestError error)
    {
        Total++;
        if (_errors.Count < ModelLimits.MaxErrorsReported) _errors.Add(error);
    }

    public void ThrowIfAny(string what)
    {
        if (Total > 0) throw new ModelIngestException(_errors, Total, what);
    }
}
