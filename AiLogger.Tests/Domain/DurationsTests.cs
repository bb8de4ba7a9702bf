using AiLogger.Domain.Common;

namespace AiLogger.Tests.Domain;

public sealed class DurationsTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("2m", 120)]
    [InlineData("1h", 3600)]
    [InlineData("7d", 604800)]
    [InlineData("500ms", 0.5)]
    [InlineData("00:01:30", 90)]
    [InlineData("1.00:00:00", 86400)]
    public void Reads_each_form(string text, double seconds)
    {
        Assert.True(Durations.TryParse(text, out var duration));
        Assert.Equal(seconds, duration.Value.TotalSeconds, 3);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("5 parsecs")]
    [InlineData("-1h")]
    public void Refuses_what_is_not_a_duration(string text) => Assert.False(Durations.TryParse(text, out _));
}
