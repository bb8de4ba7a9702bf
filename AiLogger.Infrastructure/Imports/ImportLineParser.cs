namespace AiLogger.Infrastructure.Imports;

/// <summary>Turns lines of one format into events. Stateful for formats whose events span lines.</summary>
internal abstract class ImportLineParser
{
    public abstract void Read(ImportLine line, long lineNumber, ImportChunk chunk);

    /// <summary>Emits the event held back waiting for continuation lines.</summary>
    public virtual void Flush(ImportChunk chunk)
    {
    }

    /// <summary>Where the held-back event starts, so a checkpoint can stop before it; null when none is held.</summary>
    public virtual (long Offset, long LineNumber)? Held => null;
}
