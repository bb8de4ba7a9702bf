using System.Diagnostics;

namespace AiLogger.Bench;

public static class BenchHttp
{
    /// <summary>Latencies (ms, sorted) of <paramref name="runs"/> GETs of <paramref name="url"/> after 3 warm-up ones; a failed answer stops the scenario with its message.</summary>
    public static async Task<List<double>> TimeGetAsync(HttpClient client, string url, int runs)
    {
        var times = new List<double>();
        for (var i = 0; i < runs + 3; i++)
        {
            var clock = Stopwatch.StartNew();
            using var response = await client.GetAsync(url);
            await response.Content.ReadAsByteArrayAsync();
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            if (i >= 3) times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return times;
    }
}
