namespace AiLogger.Infrastructure.ModelMonitoring;

/// <summary>One data row of a CSV file with the header's column names and the line it starts on.</summary>
internal sealed record CsvRecord(IReadOnlyList<string> Header, IReadOnlyList<string> Values, int Line);
