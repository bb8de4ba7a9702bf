using AiLogger.Domain.Logs;

namespace AiLogger.Tests.Support;

/// <summary>
/// The query language's test corpus: 400 generated events and queries that each pick some of them but not all
/// (words, phrases, prefixes, levels, sources, tags, types, traces, properties, NOT/OR/parentheses).
/// </summary>
public static class QueryCorpus
{
    private static readonly string[] Words = ["timeout", "connection", "refused", "payment", "retry", "cache", "miss", "user", "login", "failed"];
    private static readonly string[] Sources = ["payments-api", "Payments-Worker", "ledger", "health", "auth"];

    public static List<LogEvent> Events()
    {
        var random = new Random(7);
        var start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        return Enumerable.Range(0, 400).Select(i =>
        {
            var words = Enumerable.Range(0, random.Next(2, 7)).Select(_ => Words[random.Next(Words.Length)]);
            var properties = new List<string> { $"\"Index\":{i}" };
            if (random.Next(3) > 0) properties.Add($"\"duration_ms\":{random.Next(0, 20) * 50}");
            if (random.Next(2) == 0) properties.Add($"\"status_code\":{(random.Next(4) == 0 ? 503 : 200)}");
            if (random.Next(4) == 0) properties.Add($"\"status_code_text\":\"{(random.Next(2) == 0 ? "500" : "ok")}\"");
            if (random.Next(3) == 0) properties.Add($"\"http.method\":\"{(random.Next(2) == 0 ? "GET" : "post")}\"");
            if (random.Next(4) == 0) properties.Add($"\"Request\":{{\"Path\":\"/api/{Words[random.Next(Words.Length)]}\"}}");
            if (random.Next(5) == 0) properties.Add($"\"Flag\":{(random.Next(2) == 0 ? "true" : "false")}");
            return new LogEvent
            {
                Timestamp = start.AddMinutes(i),
                Level = (LogLevel)random.Next(6),
                Message = string.Join(' ', words) + $" #{i}",
                Source = random.Next(6) == 0 ? null : Sources[random.Next(Sources.Length)],
                Exception = random.Next(8) == 0 ? $"System.TimeoutException: {Words[random.Next(Words.Length)]} failed" : null,
                TraceId = random.Next(3) == 0 ? $"{i:x8}" : null,
                EventType = random.Next(4) == 0 ? (random.Next(2) == 0 ? "request" : "response") : null,
                Tags = random.Next(4) == 0 ? [random.Next(2) == 0 ? "critical" : "billing"] : [],
                PropertiesJson = "{" + string.Join(',', properties) + "}",
            };
        }).ToList();
    }

    public static readonly string[] Queries =
    [
        "timeout", "timeout refused", "\"connection refused\"", "\"refused connection\"", "time*", "pay* retry", "\"cache mi\"*",
        "level:error", "level>=warning", "level<information", "level!=debug",
        "source:ledger", "source:payments*", "source:PAYMENTS-API", "-source:health", "source!=health", "source:*",
        "tag:critical", "tag:crit*", "-tag:billing", "type:request", "-type:response", "trace:0000000a", "trace:000000*", "has:trace",
        "has:exception", "-has:exception", "has:Request.Path", "has:Flag",
        "duration_ms>500", "duration_ms<=100", "duration_ms:450", "duration_ms!=450", "status_code:503", "status_code:5*", "status_code!=200",
        "status_code_text:500", "status_code_text<ok", "http.method:get", "http.method!=GET", "Request.Path:/api/pay*", "Flag:true", "Flag:TRUE",
        "timeout OR payment", "(timeout OR payment) level>=error", "NOT (source:health OR source:auth)", "-(timeout refused)",
        "level>=warning source:pay* -has:exception duration_ms>100", "user login -failed", "failed OR has:exception",
    ];

}
