using AiLogger.Domain.Imports;
using AiLogger.Web.Api;
using AiLogger.Web.Components;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;

namespace AiLogger.Web.Features.Imports;

/// <summary>
/// Uploads with their progress, watched folders and files. Progress arrives as change notices from the import
/// job; the page re-reads at most twice a second.
/// </summary>
public partial class Imports
{
    /// <summary>The browser sends the file over the page's connection; larger files go through the API.</summary>
    public const long MaxBrowserUpload = 512L * 1024 * 1024;

    private static readonly TimeSpan RefreshEvery = TimeSpan.FromMilliseconds(500);
    private const int Listed = 50;

    private IReadOnlyList<ImportRecord>? _uploads;
    private IReadOnlyList<ImportRecord>? _files;
    private IReadOnlyList<ImportSource>? _sources;
    private IReadOnlyList<string> _scanProblems = [];
    private string _format = ImportFormats.Auto;
    private string? _regex, _source, _timeZone, _uploadError, _uploadName;
    private IReadOnlyDictionary<string, string> _errors = new Dictionary<string, string>();
    private bool _dragging, _uploading, _scanning;
    private long _uploadSent, _uploadSize;
    private volatile bool _changed;
    private PeriodicTimer? _timer;
    private readonly CancellationTokenSource _closed = new();

    [Inject] private IImportCatalog Catalog { get; set; } = default!;
    [Inject] private IImportRunner Runner { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        Catalog.Changed += OnChanged;
        await LoadAsync();
        _timer = new PeriodicTimer(RefreshEvery);
        _ = RefreshLoopAsync();
    }

    private void OnChanged() => _changed = true;

    private async Task RefreshLoopAsync()
    {
        try
        {
            while (await _timer!.WaitForNextTickAsync(_closed.Token))
            {
                if (!_changed) continue;
                _changed = false;
                await InvokeAsync(async () =>
                {
                    await LoadAsync();
                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task LoadAsync()
    {
        _uploads = await Catalog.ListAsync(ImportKinds.Upload, Listed, _closed.Token);
        _files = await Catalog.ListAsync(ImportKinds.Watched, Listed, _closed.Token);
        _sources = await Catalog.SourcesAsync(_closed.Token);
    }

    private async Task UploadAsync(InputFileChangeEventArgs e)
    {
        _dragging = false;
        _uploadError = null;
        _errors = new Dictionary<string, string>();
        var file = e.File;
        if (file.Size > MaxBrowserUpload)
        {
            _uploadError = $"{file.Name} is {ByteSize.Format(file.Size)}; the browser sends up to {ByteSize.Format(MaxBrowserUpload)}. " +
                           $"Send larger files with curl -F file=@{file.Name} {Routes.Imports} and an admin key.";
            return;
        }
        var settings = new ImportFormatSettings { Format = _format, Regex = _regex, Source = _source, TimeZone = _timeZone };
        _errors = settings.Validate();
        if (_errors.Count > 0)
        {
            _uploadError = "Fix the settings, then drop the file again: " + string.Join(" ", _errors.Values);
            return;
        }

        (_uploading, _uploadName, _uploadSent, _uploadSize) = (true, file.Name, 0, file.Size);
        try
        {
            await using var content = new ProgressStream(file.OpenReadStream(MaxBrowserUpload, _closed.Token), sent =>
            {
                _uploadSent = sent;
                _changed = true;
            });
            var id = await Runner.UploadAsync(file.Name, content, settings, _closed.Token);
            Snackbar.Add($"{file.Name} is being imported (import {id}).", Severity.Info);
        }
        catch (ImportSettingsException error)
        {
            _errors = error.Errors;
            _uploadError = error.Message;
        }
        catch (IOException error)
        {
            _uploadError = $"{file.Name} could not be sent: {error.Message} Try again, or send it through the API.";
        }
        finally
        {
            _uploading = false;
        }
        await LoadAsync();
    }

    private async Task ScanAsync()
    {
        _scanning = true;
        try
        {
            var result = await Runner.ScanAsync(_closed.Token);
            _scanProblems = result.Problems;
            Snackbar.Add($"Scanned {result.Sources} folder(s): {result.Files} file(s) with new lines, {result.EventsImported:N0} events imported.",
                result.Problems.Count == 0 ? Severity.Success : Severity.Warning);
        }
        finally
        {
            _scanning = false;
        }
        await LoadAsync();
    }

    private async Task AddSourceAsync()
    {
        var dialog = await Dialogs.ShowAsync<AddSourceDialog>("Watch a folder", new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is not { Canceled: false, Data: ImportSource source }) return;
        Snackbar.Add($"Watching {source.Path} ({source.Pattern}); scanning now.", Severity.Success);
        await LoadAsync();
        await ScanAsync();
    }

    private async Task RemoveSourceAsync(ImportSource source)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Stop watching this folder?",
            $"New lines in {source.Path} will no longer be imported. Events already imported stay.", yesText: "Stop watching", cancelText: "Cancel");
        if (confirmed != true) return;
        await Catalog.RemoveSourceAsync(source.Key, _closed.Token);
        await LoadAsync();
    }

    private async Task ShowRejectedAsync(ImportRecord import)
    {
        await Dialogs.ShowAsync<RejectedLinesDialog>($"Rejected lines of {Path.GetFileName(import.Name)}",
            new DialogParameters<RejectedLinesDialog> { { d => d.Import, import } },
            new DialogOptions { MaxWidth = MaxWidth.Large, FullWidth = true });
    }

    private string? ErrorFor(string field) => _errors.GetValueOrDefault(field);

    internal static string FormatLabel(string format) => format switch
    {
        ImportFormats.Auto => "Auto-detect",
        ImportFormats.Jsonl => "JSON lines",
        ImportFormats.Clef => "CLEF (Serilog compact JSON)",
        ImportFormats.Python => "Python logging",
        ImportFormats.Text => "Text with a pattern",
        Domain.TestResults.TestReportFormats.JUnit => "JUnit XML test reports (one run per file)",
        Domain.TestResults.TestReportFormats.Trx => "TRX test reports (one run per file)",
        _ => format,
    };

    public void Dispose()
    {
        Catalog.Changed -= OnChanged;
        _closed.Cancel();
        _timer?.Dispose();
        _closed.Dispose();
    }
}
