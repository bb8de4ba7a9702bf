using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AiLogger.Domain.TestResults;

namespace AiLogger.Infrastructure.TestResults;

/// <summary>What both providers' writers store for a run, rendered the same way: keys, JSON columns, line ranges.</summary>
internal static class TestRunRows
{
    public static long CaseKey(string className, string name)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(className + "\u001f" + name), hash);
        return BinaryPrimitives.ReadInt64LittleEndian(hash);
    }

    public static string? LabelsJson(TestRunDraft run) =>
        run.Metadata.Labels.Count == 0 ? null : JsonSerializer.Serialize(run.Metadata.Labels);

    public static string? FilesJson(TestRunDraft run) => run.Files.Count == 0 ? null : JsonSerializer.Serialize(run.Files);

    public static string? RetriesJson(TestCaseResult c) =>
        c.Retries.Count == 0 ? null : JsonSerializer.Serialize(c.Retries.Select(r => new RetryRow(r.Outcome.Name(), r.Message, r.FailureType, r.Stack, r.DurationMs)));

    public static IReadOnlyList<TestAttempt> ReadRetries(string? json)
    {
        if (string.IsNullOrEmpty(json)) return [];
        return (JsonSerializer.Deserialize<RetryRow[]>(json) ?? [])
            .Select(r => new TestAttempt(TestOutcomes.TryParse(r.Outcome, out var o) ? o : TestOutcome.Failed, r.Message, r.Type, r.Stack, r.DurationMs))
            .ToList();
    }

    public static string? PropertiesJson(TestCaseResult c) =>
        c.Properties.Count == 0 ? null : JsonSerializer.Serialize(c.Properties.Select(p => new[] { p.Key, p.Value }));

    /// <summary>Sorted line numbers as ranges: 1,2,3,7 → "1-3,7".</summary>
    public static string? Ranges(IReadOnlyList<int> lines)
    {
        if (lines.Count == 0) return null;
        var text = new StringBuilder();
        for (var i = 0; i < lines.Count; i++)
        {
            var start = lines[i];
            while (i + 1 < lines.Count && lines[i + 1] == lines[i] + 1) i++;
            if (text.Length > 0) text.Append(',');
            text.Append(start);
            if (lines[i] != start) text.Append('-').Append(lines[i]);
        }
        return text.ToString();
    }

    public static DateTimeOffset Time(long ticks) => new(ticks, TimeSpan.Zero);

    private sealed record RetryRow(string Outcome, string? Message, string? Type, string? Stack, double DurationMs);
}
