using System.Text.Json;
using AiLogger.Domain.Ingest.MessageTemplates;

namespace AiLogger.Tests.Domain;

public sealed class MessageTemplateRendererTests
{
    private static string Render(string template, string properties, IReadOnlyList<string?>? renderings = null)
    {
        using var document = JsonDocument.Parse(properties);
        return MessageTemplateRenderer.Render(MessageTemplate.Parse(template), document.RootElement, renderings);
    }

    [Theory]
    [InlineData("User {User} signed in", """{"User":"alice"}""", "User \"alice\" signed in")]
    [InlineData("User {User:l} signed in", """{"User":"alice"}""", "User alice signed in")]
    [InlineData("Took {Elapsed:0.00} ms", """{"Elapsed":12.3456}""", "Took 12.35 ms")]
    [InlineData("Count {Count:N0}", """{"Count":1234567}""", "Count 1,234,567")]
    [InlineData("Hex {Value:X4}", """{"Value":255}""", "Hex 00FF")]
    [InlineData("Day {When:yyyy-MM-dd}", """{"When":"2026-11-25T10:00:00Z"}""", "Day 2026-11-25")]
    [InlineData("Flag {On} {Off} {Nothing}", """{"On":true,"Off":false,"Nothing":null}""", "Flag True False null")]
    [InlineData("Order {@Order}", """{"Order":{"Id":5,"Items":[1,2],"$type":"Order"}}""", "Order Order { Id: 5, Items: [1, 2] }")]
    [InlineData("Anon {@Point}", """{"Point":{"X":1,"Y":"a"}}""", "Anon { X: 1, Y: \"a\" }")]
    [InlineData("Items {Items}", """{"Items":["a","b"]}""", "Items [\"a\", \"b\"]")]
    [InlineData("Pad [{Name,6}] [{Name,-6}]", """{"Name":"ab"}""", "Pad [  \"ab\"] [\"ab\"  ]")]
    [InlineData("Positional {0} and {1}", """{"0":"x","1":2}""", "Positional \"x\" and 2")]
    [InlineData("Escaped {{braces}} and {Missing}", """{}""", "Escaped {braces} and {Missing}")]
    [InlineData("Quote {Text}", """{"Text":"say \"hi\""}""", "Quote \"say \\\"hi\\\"\"")]
    [InlineData("Broken {Not valid} hole", """{}""", "Broken {Not valid} hole")]
    public void Renders_like_Serilog(string template, string properties, string expected)
    {
        Assert.Equal(expected, Render(template, properties));
    }

    [Fact]
    public void Client_renderings_win_for_formatted_holes_in_order()
    {
        var rendered = Render("{A:0.0} {B} {C:N2}", """{"A":1.25,"B":"b","C":3}""", ["1,3", "3,00"]);
        Assert.Equal("1,3 \"b\" 3,00", rendered);
    }
}
