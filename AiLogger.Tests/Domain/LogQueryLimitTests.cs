using AiLogger.Domain.Logs.Query;

namespace AiLogger.Tests.Domain;

/// <summary>No query can drive the parser (and what walks its tree) deeper or wider than the limits; each refusal names the limit.</summary>
public sealed class LogQueryLimitTests
{
    [Fact]
    public void Sixteen_thousand_nested_parentheses_are_refused_not_a_stack_overflow()
    {
        var query = new string('(', 16_000) + "x" + new string(')', 16_000);

        var error = Assert.Throws<LogQuerySyntaxException>(() => LogQuery.Parse(query));

        Assert.Equal(LogQueryLimits.Length, error.Limit);
    }

    [Fact]
    public void Nesting_past_the_depth_limit_is_refused_at_the_level_that_breaks_it()
    {
        var depth = LogQueryLimits.MaxDepth + 1;
        var query = new string('(', depth) + "x" + new string(')', depth);

        var error = Assert.Throws<LogQuerySyntaxException>(() => LogQuery.Parse(query));

        Assert.Equal(LogQueryLimits.Depth, error.Limit);
        Assert.Equal(LogQueryLimits.MaxDepth, error.Position);
        Assert.StartsWith($"Query too complex at character {LogQueryLimits.MaxDepth + 1}: the query nests", error.Message);
    }

    [Theory]
    [InlineData("NOT ")]
    [InlineData("-")]
    public void Chains_of_negations_count_as_nesting(string negation)
    {
        var query = string.Concat(Enumerable.Repeat(negation, 1_300)) + "x";

        var error = Assert.Throws<LogQuerySyntaxException>(() => LogQuery.Parse(query));

        Assert.Equal(LogQueryLimits.Depth, error.Limit);
    }

    [Fact]
    public void Nesting_at_the_limit_parses()
    {
        var query = new string('(', LogQueryLimits.MaxDepth - 1) + "NOT x" + new string(')', LogQueryLimits.MaxDepth - 1);

        Assert.Equal("(NOT text:x)", LogQuery.Parse(query).ToString());
    }

    [Theory]
    [InlineData(" OR ")]
    [InlineData(" ")]
    [InlineData(" -source:a* ")]
    public void More_terms_than_the_limit_are_refused(string separator)
    {
        var terms = Enumerable.Range(0, LogQueryLimits.MaxTerms + 1).Select(i => $"w{i}");
        var query = string.Join(separator, terms);

        var error = Assert.Throws<LogQuerySyntaxException>(() => LogQuery.Parse(query));

        Assert.Equal(LogQueryLimits.Terms, error.Limit);
        Assert.Contains($"more than {LogQueryLimits.MaxTerms} terms", error.Message);
    }

    [Fact]
    public void Terms_up_to_the_limit_parse()
    {
        var query = string.Join(" OR ", Enumerable.Range(0, LogQueryLimits.MaxTerms).Select(i => $"RunId:{i}"));

        Assert.IsType<OrNode>(LogQuery.Parse(query).Root);
    }

    [Fact]
    public void A_query_longer_than_the_limit_is_refused()
    {
        var error = Assert.Throws<LogQuerySyntaxException>(() => LogQuery.Parse(new string('a', LogQueryLimits.MaxLength + 1)));

        Assert.Equal(LogQueryLimits.Length, error.Limit);
        Assert.Contains($"the limit is {LogQueryLimits.MaxLength:N0}", error.Message);
    }

    [Fact]
    public void A_syntax_error_names_no_limit()
    {
        Assert.Null(Assert.Throws<LogQuerySyntaxException>(() => LogQuery.Parse("(a")).Limit);
    }
}
