namespace AiLogger.Infrastructure.Logs;

/// <summary>Parameterised SQL being built: text plus named values (<c>@p0</c>, <c>@p1</c>…).</summary>
public sealed class SqlQuery
{
    private readonly List<KeyValuePair<string, object?>> _parameters = [];

    public IReadOnlyList<KeyValuePair<string, object?>> Parameters => _parameters;

    /// <summary>Adds a value and returns its placeholder.</summary>
    public string Add(object? value)
    {
        var name = "@p" + _parameters.Count;
        _parameters.Add(new(name, value));
        return name;
    }
}
