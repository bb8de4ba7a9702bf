using System.Text.Json;
using AiLogger.Domain.Logs.Query;

namespace AiLogger.Tests.Domain;

public sealed class QueryTextTests
{
    [Theory]
    [InlineData("", "source:api", "source:api")]
    [InlineData("timeout", "level:error", "timeout level:error")]
    [InlineData("a OR b", "level:error", "(a OR b) level:error")]
    [InlineData("(a", "level:error", "(a level:error")]
    public void Terms_are_added_with_AND_keeping_an_OR_together(string query, string term, string expected) =>
        Assert.Equal(expected, QueryText.And(query, term));

    [Theory]
    [InlineData("""{"v":"plain"}""", "Name:plain")]
    [InlineData("""{"v":"two words"}""", "Name:\"two words\"")]
    [InlineData("""{"v":"say \"hi\""}""", "Name:\"say \\\"hi\\\"\"")]
    [InlineData("""{"v":"500"}""", "Name:\"500\"")]
    [InlineData("""{"v":500}""", "Name:500")]
    [InlineData("""{"v":true}""", "Name:true")]
    public void Property_terms_read_back_as_the_same_value(string json, string expected)
    {
        var value = JsonDocument.Parse(json).RootElement.GetProperty("v");
        var term = QueryText.PropertyTerm("Name", value);
        Assert.Equal(expected, term);
        Assert.IsType<PropertyNode>(LogQuery.Parse(term).Root);
    }

    [Fact]
    public void Names_a_query_cannot_spell_give_no_term() =>
        Assert.Null(QueryText.PropertyTerm("bad key", JsonDocument.Parse("1").RootElement));
}
