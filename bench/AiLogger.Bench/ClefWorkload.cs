using System.Globalization;
using System.Text;

namespace AiLogger.Bench;

/// <summary>
/// Realistic CLEF: request logs and application events, ~85-character rendered messages, 5 properties each,
/// a few sources and levels.
/// </summary>
public static class ClefWorkload
{
    private static readonly string[] Paths = ["/api/v2/customers/{0}/orders", "/api/v2/users/{0}/preferences", "/api/v2/payments/{0}/refunds", "/api/v2/inventory/{0}/stock", "/api/v2/search/{0}/suggestions"];
    private static readonly string[] Methods = ["GET", "GET", "GET", "POST", "PUT", "DELETE"];
    private static readonly string[] Apps = ["shop-api", "payments", "inventory", "search", "auth"];
    private static readonly string[] Words = ["timeout", "retry", "cache", "miss", "connection", "refused", "queue", "backlog", "model", "drift"];

    public static byte[] Batch(int batchNumber, int size, DateTimeOffset start)
    {
        var random = new Random(batchNumber);
        var body = new StringBuilder(size * 420);
        for (var i = 0; i < size; i++)
        {
            var t = start.AddMilliseconds(batchNumber * (double)size + i).UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
            var app = Apps[random.Next(Apps.Length)];
            switch (random.Next(10))
            {
                case < 7:
                    var elapsed = random.NextDouble() * 900;
                    var status = random.Next(100) < 92 ? 200 : random.Next(100) < 70 ? 404 : 503;
                    body.Append(CultureInfo.InvariantCulture,
                        $$"""{"@t":"{{t}}","@mt":"HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0000} ms","@r":["{{elapsed:0.0000}}"],"{{(status >= 500 ? "@l\":\"Error\",\"" : "")}}RequestMethod":"{{Methods[random.Next(Methods.Length)]}}","RequestPath":"{{string.Format(CultureInfo.InvariantCulture, Paths[random.Next(Paths.Length)], random.Next(100000))}}/{{random.Next(1000000)}}","StatusCode":{{status}},"Elapsed":{{elapsed:0.0000}},"Application":"{{app}}"}""");
                    break;
                case < 9:
                    body.Append(CultureInfo.InvariantCulture,
                        $$"""{"@t":"{{t}}","@mt":"Order {OrderId} for customer {CustomerId} reserved {Items} items after a {Word} in the warehouse","OrderId":{{random.Next(1_000_000)}},"CustomerId":"c-{{random.Next(50_000)}}","Items":{{random.Next(1, 20)}},"Word":"{{Words[random.Next(Words.Length)]}}","Application":"{{app}}"}""");
                    break;
                default:
                    body.Append(CultureInfo.InvariantCulture,
                        $$"""{"@t":"{{t}}","@l":"Warning","@mt":"Model {Model} prediction latency {LatencyMs} ms above budget on {Host}, {Word} suspected","Model":"resnet-{{random.Next(10)}}","LatencyMs":{{random.Next(100, 2000)}},"Host":"node-{{random.Next(40)}}","Word":"{{Words[random.Next(Words.Length)]}}","Application":"{{app}}"}""");
                    break;
            }
            body.Append('\n');
        }
        return Encoding.UTF8.GetBytes(body.ToString());
    }
}
