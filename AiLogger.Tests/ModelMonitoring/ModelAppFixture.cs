using AiLogger.Tests.Support;

namespace AiLogger.Tests.ModelMonitoring;

/// <summary>The real app with the recurring model jobs parked, so each test decides when metrics and drift are computed.</summary>
public sealed class ModelAppFixture() : AppFixture(new Dictionary<string, string?>
{
    ["AiLogger:Models:Schedule"] = "0 0 1 1 *",
    ["AiLogger:Models:DriftSchedule"] = "0 0 1 1 *",
});
