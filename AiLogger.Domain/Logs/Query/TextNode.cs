namespace AiLogger.Domain.Logs.Query;

/// <summary>Full-text term: a word (all its tokens, in order) or a quoted phrase; <see cref="IsPrefix"/> for <c>word*</c>.</summary>
public sealed record TextNode(string Text, bool IsPhrase, bool IsPrefix) : QueryNode
{
    public override string ToString() => IsPhrase ? $"\"{Text}\"{(IsPrefix ? "*" : "")}" : IsPrefix ? $"text:{Text}*" : $"text:{Text}";
}
