using AiLogger.Domain.Logs;
using AiLogger.Domain.Storage;
using AiLogger.Web.Components;
using AiLogger.Web.Components.Charts;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace AiLogger.Web.Features.Settings;

/// <summary>Settings → Storage: the store's size per kind and its growth, the retention policy with a preview of what a change deletes, backups.</summary>
public partial class Storage
{
    private StorageReport? _report;
    private RetentionSettings? _settings;
    private PolicyDraft? _draft;
    private RetentionPreview? _preview;
    private IReadOnlyList<BackupInfo> _backups = [];
    private IReadOnlyList<ChartSeries> _sizeSeries = [];
    private IReadOnlyDictionary<string, string> _validation = new Dictionary<string, string>();
    private string? _error;
    private bool _loading;
    private bool _busy;
    private bool _backingUp;

    [Inject] private IStorageStatistics Statistics { get; set; } = default!;
    [Inject] private IRetentionSettingsStore Retention { get; set; } = default!;
    [Inject] private IBackupStore Backups { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private ILogger<Storage> Logger { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> Authentication { get; set; } = default!;

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        _loading = true;
        try
        {
            _report = await Statistics.ReportAsync(CancellationToken.None);
            _settings = await Retention.GetAsync(CancellationToken.None);
            _draft = PolicyDraft.From(_settings.Policy);
            _backups = await Backups.ListAsync(CancellationToken.None);
            _sizeSeries = [new ChartSeries("bytes", _report.Kinds.Where(k => k.EstimatedBytes > 0).Select(k => new ChartPoint(KindName(k.Kind), k.EstimatedBytes)).ToList())];
            _preview = null;
            _error = null;
        }
        catch (QueryTooExpensiveException error)
        {
            _error = "The figures took too long to count: " + error.Message;
        }
        finally
        {
            _loading = false;
        }
    }

    private static string KindName(string kind) => kind switch
    {
        StorageKinds.Events => "Log events",
        StorageKinds.Predictions => "Model predictions",
        StorageKinds.Alerts => "Alerts",
        StorageKinds.Spans => "Trace spans",
        _ => "Everything else",
    };

    private string Kept(string kind) => _settings?.Policy is not { } p ? "" : kind switch
    {
        StorageKinds.Events => Days(p.EventDays) + (p.Rules.Count > 0 ? $", {p.Rules.Count} rule{(p.Rules.Count == 1 ? "" : "s")}" : ""),
        StorageKinds.Predictions => Days(p.PredictionDays),
        StorageKinds.Alerts => Days(p.AlertDays) + " once resolved",
        StorageKinds.Spans => Days(p.EventDays) + ", as events",
        _ => "",
    };

    private static string Days(int days) => days == 0 ? "for ever" : days == 1 ? "1 day" : $"{days:N0} days";

    private string FileLabel => "database file with its write-ahead log";

    private string GrowthLabel => $"growth at {_report!.EventsPerDay:N0} events a day (last 7 days)";

    private (string Label, string Value, Color Color) Forecast()
    {
        var report = _report!;
        if (report.BytesPerDay <= 0) return ("forecast: nothing arrives now", "–", Color.Default);
        var policy = _settings!.Policy;
        // With retention the store levels off at about a day's growth times the days kept.
        double? level = policy.EventDays > 0 && policy.Rules.All(r => r.Days is > 0 and <= 3_650) ? report.BytesPerDay * Math.Max(policy.EventDays, policy.Rules.Select(r => r.Days).DefaultIfEmpty(0).Max()) : null;
        if (policy.MaxDatabaseBytes is { } limit)
        {
            if (level is { } steady && steady < limit) return ($"levels off at ≈ {ByteSize.Format((long)steady)}, under the limit of {ByteSize.Format(limit)}", "fits", Color.Success);
            var days = (limit - report.UsedBytes) / report.BytesPerDay;
            return days <= 0
                ? ($"over the limit of {ByteSize.Format(limit)}: the oldest data is being deleted", "at limit", Color.Warning)
                : ($"until the limit of {ByteSize.Format(limit)}, then the oldest data goes", $"{days:N0} days", days < 7 ? Color.Warning : Color.Default);
        }
        if (report.DiskFreeBytes is not { } free) return ("no size limit", "–", Color.Default);
        if (level is { } plateau && plateau - report.UsedBytes < free)
            return ($"levels off at ≈ {ByteSize.Format((long)plateau)}; {ByteSize.Format(free)} free on disk", "fits", Color.Success);
        var left = free / report.BytesPerDay;
        return ($"until the disk is full (no size limit set)", $"{left:N0} days", left < 14 ? Color.Error : Color.Default);
    }

    private string ForecastLabel => Forecast().Label;

    private string ForecastValue => Forecast().Value;

    private Color ForecastColor => Forecast().Color;

    private void AddRule() => _draft!.Rules.Add(new RuleDraft { Levels = [LogLevel.Debug], Days = 3 });

    private async Task PreviewAsync()
    {
        var policy = _draft!.ToPolicy();
        _validation = policy.Validate();
        if (_validation.Count > 0) return;
        _busy = true;
        try
        {
            _preview = await Statistics.PreviewAsync(policy, CancellationToken.None);
        }
        catch (QueryTooExpensiveException error)
        {
            _error = "The preview took too long to count: " + error.Message;
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task SaveAsync()
    {
        await PreviewAsync();
        if (_validation.Count > 0 || _preview is null) return;
        var deletes = _preview.Total;
        if (deletes > 0)
        {
            var confirmed = await Dialogs.ShowMessageBoxAsync("Save this policy?",
                $"At its next run (within the hour) retention deletes {deletes:N0} rows: {string.Join(", ", _preview.Lines.Where(l => l.Deleted > 0).Select(l => $"{l.Deleted:N0} {l.What}"))}. They cannot be brought back except from a backup.",
                yesText: "Save", cancelText: "Cancel");
            if (confirmed != true) return;
        }
        var user = (await Authentication).User.Identity?.Name ?? "unknown";
        _validation = await Retention.SaveAsync(_draft!.ToPolicy(), user, CancellationToken.None);
        if (_validation.Count > 0) return;
        Logger.LogInformation("{User} changed the retention policy", user);
        Snackbar.Add("Retention policy saved.", Severity.Success);
        await LoadAsync();
    }

    private async Task ResetAsync()
    {
        await Retention.ResetAsync(CancellationToken.None);
        Snackbar.Add("Retention follows the configuration again.", Severity.Info);
        await LoadAsync();
    }

    private async Task BackUpAsync()
    {
        _backingUp = true;
        StateHasChanged();
        try
        {
            var backup = await Backups.CreateAsync(CancellationToken.None);
            _backups = await Backups.ListAsync(CancellationToken.None);
            Snackbar.Add($"Backup {backup.Name} written ({ByteSize.Format(backup.Bytes)}).", Severity.Success);
        }
        catch (IOException error)
        {
            _error = $"The backup could not be written: {error.Message}. Check the free space and permissions of the backups folder.";
        }
        finally
        {
            _backingUp = false;
        }
    }

    private sealed class PolicyDraft
    {
        public int EventDays { get; set; }

        public int PredictionDays { get; set; }

        public int AlertDays { get; set; }

        public double? LimitGigabytes { get; set; }

        public List<RuleDraft> Rules { get; } = [];

        public static PolicyDraft From(RetentionPolicy policy)
        {
            var draft = new PolicyDraft
            {
                EventDays = policy.EventDays,
                PredictionDays = policy.PredictionDays,
                AlertDays = policy.AlertDays,
                LimitGigabytes = policy.MaxDatabaseBytes is { } max ? Math.Round(max / 1073741824.0, 3) : null,
            };
            draft.Rules.AddRange(policy.Rules.Select(r => new RuleDraft { Levels = r.Levels.ToList(), Source = r.Source, Days = r.Days }));
            return draft;
        }

        public RetentionPolicy ToPolicy() => new()
        {
            EventDays = EventDays,
            PredictionDays = PredictionDays,
            AlertDays = AlertDays,
            MaxDatabaseBytes = LimitGigabytes is > 0 and var gb ? (long)(gb * 1073741824) : null,
            Rules = Rules.Select(r => new RetentionRule
            {
                Levels = r.Levels.Distinct().Order().ToList(),
                Source = string.IsNullOrWhiteSpace(r.Source) ? null : r.Source.Trim(),
                Days = r.Days,
            }).ToList(),
        };
    }

    private sealed class RuleDraft
    {
        public IReadOnlyCollection<LogLevel> Levels { get; set; } = [];

        public string? Source { get; set; }

        public int Days { get; set; }
    }
}
