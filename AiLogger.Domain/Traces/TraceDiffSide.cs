namespace AiLogger.Domain.Traces;

/// <summary>Which of the two compared traces hold a node of a <see cref="TraceDiff"/>.</summary>
public enum TraceDiffSide
{
    Both,
    OnlyA,
    OnlyB,
}
