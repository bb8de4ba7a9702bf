using AiLogger.Domain.Logs;
using AiLogger.Domain.Logs.Query;

namespace AiLogger.Tests.Domain;

public sealed class LogQueryParserTests
{
    [Theory]
    [InlineData("timeout", "text:timeout")]
    [InlineData("\"connection refused\"", "\"connection refused\"")]
    [InlineData("time*", "text:time*")]
    [InlineData("\"cache mi\"*", "\"cache mi\"*")]
    [InlineData("level:error", "level:Error")]
    [InlineData("level:ERR", "level:Error")]
    [InlineData("level>=warning", "level>=Warning")]
    [InlineData("level<info", "level<Information")]
    [InlineData("source:db", "Source:db")]
    [InlineData("source:api*", "Source:api*")]
    [InlineData("source:\"my app\"", "Source:my app")]
    [InlineData("tag:critical", "Tag:critical")]
    [InlineData("type:response", "EventType:response")]
    [InlineData("trace:ABC123", "TraceId:abc123")]
    [InlineData("span:f00", "SpanId:f00")]
    [InlineData("has:exception", "has:Exception")]
    [InlineData("has:RunId", "has:RunId")]
    [InlineData("RunId:abc123", "prop:RunId:abc123")]
    [InlineData("duration_ms>500", "prop:duration_ms>500")]
    [InlineData("duration_ms<=2.5", "prop:duration_ms<=2.5")]
    [InlineData("status_code:5*", "prop:status_code:5*")]
    [InlineData("http.method!=GET", "prop:http.method!=GET")]
    [InlineData("-source:health", "(NOT Source:health)")]
    [InlineData("source!=health", "(NOT Source:health)")]
    [InlineData("NOT level:debug", "(NOT level:Debug)")]
    [InlineData("a OR b", "(OR text:a text:b)")]
    [InlineData("a b", "(AND text:a text:b)")]
    [InlineData("a AND b", "(AND text:a text:b)")]
    [InlineData("level>=warning source:payments timeout", "(AND level>=Warning Source:payments text:timeout)")]
    [InlineData("(a OR b) c", "(AND (OR text:a text:b) text:c)")]
    [InlineData("a OR b c", "(OR text:a (AND text:b text:c))")]
    [InlineData("-(a OR b)", "(NOT (OR text:a text:b))")]
    [InlineData("12:30", "text:12:30")]
    [InlineData("payment-service", "text:payment-service")]
    public void Parses_each_construct(string query, string expected)
    {
        Assert.Equal(expected, LogQuery.Parse(query).ToString());
    }

    [Fact]
    public void Empty_query_matches_everything()
    {
        Assert.True(LogQuery.Parse("   ").MatchesAll);
        Assert.True(LogQuery.Parse(null).MatchesAll);
    }

    [Theory]
    [InlineData("\"unclosed", 0, "closing '\"'")]
    [InlineData("(a OR b", 7, "expected ')'")]
    [InlineData("a)", 1, "unexpected ')'")]
    [InlineData("a OR", 4, "a term after OR")]
    [InlineData("OR a", 0, "a term before 'OR'")]
    [InlineData("level:loud", 6, "expected a level name")]
    [InlineData("level:", 6, "expected a value after 'level:'")]
    [InlineData("source>db", 6, "expected ':' or '!=' after 'source'")]
    [InlineData("NOT", 3, "a term after NOT")]
    [InlineData("()", 1, "a term inside")]
    [InlineData("ti*me", 2, "'*' only at the end")]
    [InlineData("duration>5*", 9, "without '*'")]
    public void Malformed_query_reports_position_and_expectation(string query, int position, string expected)
    {
        var error = Assert.Throws<LogQuerySyntaxException>(() => LogQuery.Parse(query));
        Assert.Equal(position, error.Position);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Matcher_applies_level_source_text_and_properties()
    {
        var e = new LogEvent
        {
            Timestamp = DateTimeOffset.UtcNow,
            Level = LogLevel.Warning,
            Message = "Payment timeout after 30s",
            Source = "payments",
            PropertiesJson = """{"duration_ms":812,"status_code":504,"http.method":"POST","Request":{"Path":"/pay"}}""",
            Tags = ["critical"],
        };
        Assert.True(LogQuery.Parse("level>=warning source:pay* timeout").Matches(e));
        Assert.True(LogQuery.Parse("duration_ms>500 status_code:5*").Matches(e));
        Assert.True(LogQuery.Parse("http.method:post Request.Path:/pay tag:CRITICAL").Matches(e));
        Assert.True(LogQuery.Parse("\"payment timeout\"").Matches(e));
        Assert.False(LogQuery.Parse("\"timeout payment\"").Matches(e));
        Assert.False(LogQuery.Parse("level:error OR source:db").Matches(e));
        Assert.True(LogQuery.Parse("-has:exception missing!=1").Matches(e));
        Assert.False(LogQuery.Parse("duration_ms<100").Matches(e));
    }
}
