using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using AiLogger.Domain.Ingest;
using AiLogger.Domain.TestResults;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiLogger.Infrastructure.TestResults;

/// <summary>
/// A push of reports: each file spooled to a temporary file (inflated when gzip, counted against the run's limit,
/// hashed), its format named or detected, parsed; then one run of every file's cases and coverage goes to the one
/// ingestion path. Nothing is stored unless every file parses.
/// </summary>
internal sealed class TestReportIngestor(IIngestor ingestor, ITestResultStore store, IOptions<TestResultOptions> options, TimeProvider time,
    ILogger<TestReportIngestor> logger) : ITestReportIngestor
{
    public const string Formats = "junit, trx, pytest-json or cobertura";
    private const int MaxText = 500;

    public async Task<TestRunIngested> IngestAsync(TestRunMetadata metadata, IReadOnlyList<TestReportFile> files, IngestContext context, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        Validate(metadata);
        if (files.Count == 0) throw new IngestFormatException("No report was sent: send a JUnit, TRX, pytest-json or Cobertura file as the body or as multipart files.");
        if (files.Count > settings.MaxFilesPerRun) throw new IngestFormatException($"{files.Count} files were sent; a run takes at most {settings.MaxFilesPerRun} (AiLogger:Tests:MaxFilesPerRun).");

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var budget = settings.MaxRunBytes;
        var reports = new List<TestReport>();
        foreach (var file in files)
        {
            await using var spooled = await SpoolAsync(file, hash, budget, cancellationToken);
            budget -= spooled.Length;
            spooled.Position = 0;
            var format = file.Format ?? Detect(file.Name, spooled);
            spooled.Position = 0;
            reports.Add(format switch
            {
                JUnitReader.Format => JUnitReader.Read(spooled, file.Name, settings.Limits),
                TrxReader.Format => TrxReader.Read(spooled, file.Name, settings.Limits),
                PytestJsonReader.Format => PytestJsonReader.Read(spooled, file.Name, settings.Limits),
                CoberturaReader.Format => CoberturaReader.Read(spooled, file.Name),
                _ => throw new IngestFormatException($"{file.Name}: format '{format}' is not one of {Formats}."),
            });
        }

        var cases = Unique(reports.SelectMany(r => r.Cases));
        if (cases.Count > settings.MaxCasesPerRun)
            throw new IngestFormatException($"The run holds {cases.Count:N0} test cases; at most {settings.MaxCasesPerRun:N0} are taken (AiLogger:Tests:MaxCasesPerRun).");
        var coverage = MergeCoverage(reports.Select(r => r.Coverage).OfType<CoverageReport>().ToList());
        var tests = reports.Where(r => r.Coverage is null).ToList();
        var duration = tests.Count > 0 && tests.All(r => r.DurationMs is not null) ? tests.Sum(r => r.DurationMs!.Value) : cases.Sum(c => c.DurationMs);
        // Neither the run nor its reports say when it started: the push's time, so that runs pushed in turn keep their order.
        var startedAt = metadata.StartedAt ?? tests.Select(r => r.StartedAt).Where(t => t is not null).Min() ?? time.GetUtcNow();
        var draft = new TestRunDraft(metadata, cases, coverage, Convert.ToHexStringLower(hash.GetHashAndReset()))
        {
            StartedAt = startedAt,
            DurationMs = duration,
            Files = files.Select(f => ReportXml.Cut(f.Name, 300)!).ToList(),
        };
        var result = await ingestor.IngestAsync(IngestBatch.OfTestRun(draft), context, cancellationToken);
        var stored = result.TestRuns.Count == 1 ? result.TestRuns[0] : throw new IngestUnavailableException("The writer did not report the stored run.", null);
        if (!stored.Duplicate) _ = AnalyseAsync(stored.RunId, metadata.Project, metadata.Branch ?? "");
        return new TestRunIngested(stored.RunId, stored.Duplicate, draft.Totals);
    }

    /// <summary>The branch's flaky verdicts and the run's comparison and groups computed now, off the request, so the run's page does not wait for them.</summary>
    private async Task AnalyseAsync(long runId, string project, string branch)
    {
        try
        {
            await Task.Yield();
            await store.ListFlakyAsync(project, branch, CancellationToken.None);
            await store.GetRunAsync(runId, CancellationToken.None);
        }
        catch (Exception error)
        {
            logger.LogWarning(error, "Judging the flaky tests of {Project} {Branch} after a push failed; the next read judges them", project, branch);
        }
    }

    private static void Validate(TestRunMetadata m)
    {
        if (string.IsNullOrWhiteSpace(m.Project)) throw new IngestFormatException("'project' is required: name the project the run belongs to (?project=my-service or a form field).");
        foreach (var (name, value) in new[] { ("project", m.Project), ("branch", m.Branch), ("commit", m.Commit), ("buildId", m.BuildId), ("environment", m.Environment) })
            if (value is { Length: > MaxText }) throw new IngestFormatException($"'{name}' is {value.Length} characters; at most {MaxText} are taken.");
        if (m.BuildUrl is { Length: > 2000 }) throw new IngestFormatException("'buildUrl' is longer than 2000 characters.");
        if (m.BuildUrl is { } url && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            throw new IngestFormatException($"'buildUrl' must be an http or https address; \"{ReportXml.Cut(url, 80)}\" is not.");
        if (m.Labels.Count > 50) throw new IngestFormatException("At most 50 labels are taken per run.");
        foreach (var (key, value) in m.Labels)
            if (key.Length > 100 || value.Length > MaxText) throw new IngestFormatException($"Label '{ReportXml.Cut(key, 100)}' is too long (names up to 100, values up to {MaxText} characters).");
    }

    /// <summary>Copies a file to a temporary file that deletes itself, inflating gzip, within the run's remaining bytes.</summary>
    private static async Task<FileStream> SpoolAsync(TestReportFile file, IncrementalHash hash, long budget, CancellationToken cancellationToken)
    {
        var spool = new FileStream(Path.Combine(Path.GetTempPath(), $"ailogger-report-{Guid.NewGuid():N}.tmp"), FileMode.CreateNew, FileAccess.ReadWrite,
            FileShare.None, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            var source = file.Content;
            var head = new byte[2];
            var got = await source.ReadAtLeastAsync(head, 2, throwOnEndOfStream: false, cancellationToken);
            Stream input = new PrefixedStream(head.AsMemory(0, got), source);
            if (got == 2 && head[0] == 0x1f && head[1] == 0x8b) input = new GZipStream(input, CompressionMode.Decompress);
            var buffer = new byte[64 * 1024];
            long total = 0;
            while (true)
            {
                int read;
                try
                {
                    read = await input.ReadAsync(buffer, cancellationToken);
                }
                catch (InvalidDataException)
                {
                    throw new IngestFormatException($"{file.Name}: starts as gzip but is not valid gzip data.");
                }
                if (read == 0) break;
                total += read;
                if (total > budget)
                    throw new PayloadTooLargeException($"The run's reports are larger than the limit of {budget:N0} bytes left of AiLogger:Tests:MaxRunBytes (at {file.Name}); split the run or raise the limit.");
                hash.AppendData(buffer, 0, read);
                await spool.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
            hash.AppendData(Encoding.UTF8.GetBytes("\0" + total + "\0"));
            await spool.FlushAsync(cancellationToken);
            return spool;
        }
        catch
        {
            await spool.DisposeAsync();
            throw;
        }
    }

    /// <summary>By extension, else by the first element or character.</summary>
    private static string Detect(string name, Stream content)
    {
        var lower = name.ToLowerInvariant();
        if (lower.EndsWith(".trx", StringComparison.Ordinal)) return TrxReader.Format;
        var head = new byte[4096];
        var length = content.Read(head);
        var text = Encoding.UTF8.GetString(head, 0, length).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (text.StartsWith('{')) return PytestJsonReader.Format;
        if (!text.StartsWith('<')) throw new IngestFormatException($"{name}: neither XML nor JSON; send a JUnit, TRX, pytest-json or Cobertura report (or name it with ?format=).");
        var at = 0;
        while ((at = text.IndexOf('<', at)) >= 0 && at + 1 < text.Length)
        {
            var next = text[at + 1];
            if (next is '?' or '!') { at++; continue; }
            var end = text.IndexOfAny([' ', '>', '/', '\r', '\n', '\t'], at + 1);
            var element = (end < 0 ? text[(at + 1)..] : text[(at + 1)..end]);
            var local = element.Contains(':') ? element[(element.IndexOf(':') + 1)..] : element;
            return local switch
            {
                "testsuites" or "testsuite" => JUnitReader.Format,
                "TestRun" => TrxReader.Format,
                "coverage" => CoberturaReader.Format,
                _ => throw new IngestFormatException($"{name}: the root element <{ReportXml.Cut(local, 60)}> is not a report AI-Logger reads ({Formats})."),
            };
        }
        throw new IngestFormatException($"{name}: no XML element in its first 4 KB.");
    }

    /// <summary>A case named twice in one run (two files, or a parameterised case whose rows share a name) is kept under a numbered name.</summary>
    private static List<TestCaseResult> Unique(IEnumerable<TestCaseResult> cases)
    {
        var seen = new Dictionary<(string, string), int>();
        var list = new List<TestCaseResult>();
        foreach (var c in cases)
        {
            var key = (c.ClassName, c.Name);
            var n = seen.GetValueOrDefault(key) + 1;
            seen[key] = n;
            list.Add(n == 1 ? c : c with { Name = $"{c.Name} #{n}" });
        }
        return list;
    }

    private static CoverageReport? MergeCoverage(IReadOnlyList<CoverageReport> reports)
    {
        if (reports.Count == 0) return null;
        if (reports.Count == 1) return reports[0];
        var files = reports.SelectMany(r => r.Files).GroupBy(f => f.Path, StringComparer.Ordinal).Select(g =>
        {
            var covered = g.SelectMany(f => f.CoveredLines).ToHashSet();
            var missed = g.SelectMany(f => f.MissedLines).Where(l => !covered.Contains(l)).ToHashSet();
            return new CoverageFile(g.First().Package, g.Key, covered.Order().ToList(), missed.Order().ToList())
            {
                BranchesValid = g.Max(f => f.BranchesValid),
                BranchesCovered = g.Max(f => f.BranchesCovered),
            };
        });
        return new CoverageReport(files.OrderBy(f => f.Path, StringComparer.Ordinal).ToList());
    }

    /// <summary>The bytes already read to look at a stream's start, then the rest of it.</summary>
    private sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream rest) : Stream
    {
        private ReadOnlyMemory<byte> _prefix = prefix;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_prefix.IsEmpty) return rest.Read(buffer);
            var n = Math.Min(buffer.Length, _prefix.Length);
            _prefix.Span[..n].CopyTo(buffer);
            _prefix = _prefix[n..];
            return n;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_prefix.IsEmpty) return await rest.ReadAsync(buffer, cancellationToken);
            var n = Math.Min(buffer.Length, _prefix.Length);
            _prefix[..n].CopyTo(buffer);
            _prefix = _prefix[n..];
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}
