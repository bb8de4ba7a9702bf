namespace AiLogger.Domain.ModelMonitoring;

/// <summary>Conventional reading of a Population Stability Index.</summary>
public enum PsiLevel
{
    /// <summary>PSI &lt; 0.1.</summary>
    Stable,

    /// <summary>0.1 ≤ PSI &lt; 0.25.</summary>
    Moderate,

    /// <summary>PSI ≥ 0.25.</summary>
    Major,
}
