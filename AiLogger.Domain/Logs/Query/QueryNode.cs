namespace AiLogger.Domain.Logs.Query;

/// <summary>A node of a parsed query. <see cref="ToString"/> gives a canonical form, used by tests and logs.</summary>
public abstract record QueryNode
{
    internal static string Symbol(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Equal => ":",
        ComparisonOperator.NotEqual => "!=",
        ComparisonOperator.Greater => ">",
        ComparisonOperator.GreaterOrEqual => ">=",
        ComparisonOperator.Less => "<",
        ComparisonOperator.LessOrEqual => "<=",
        _ => "?",
    };
}
