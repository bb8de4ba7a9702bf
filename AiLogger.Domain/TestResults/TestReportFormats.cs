namespace AiLogger.Domain.TestResults;

/// <summary>The report formats a run takes (<c>format=</c>).</summary>
public static class TestReportFormats
{
    public const string JUnit = "junit";
    public const string Trx = "trx";
    public const string PytestJson = "pytest-json";
    public const string Cobertura = "cobertura";

    public static readonly IReadOnlyList<string> All = [JUnit, Trx, PytestJson, Cobertura];

    public static bool IsKnown(string? format) => format is JUnit or Trx or PytestJson or Cobertura;
}
