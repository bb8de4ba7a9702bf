namespace AiLogger.Domain.Ingest.MessageTemplates;

/// <summary>Literal text, or a property hole <c>{[@$]Name[,Alignment][:Format]}</c>.</summary>
public sealed record TemplateToken
{
    public string? Text { get; init; }

    public string? PropertyName
    {
        get => _propertyName;
        init
        {
            _propertyName = value;
            PropertyNameUtf8 = value is null ? null : System.Text.Encoding.UTF8.GetBytes(value);
        }
    }

    private readonly string? _propertyName;

    /// <summary>The name as UTF-8, for lookups in JSON without transcoding per event.</summary>
    public byte[]? PropertyNameUtf8 { get; private init; }

    public int? Alignment { get; init; }

    public string? Format { get; init; }

    /// <summary>The hole as written, rendered as-is when its property is missing.</summary>
    public string? RawText { get; init; }

    public bool IsProperty => PropertyName is not null;
}
