using System.Globalization;
using AiLogger.Domain.Traces;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace AiLogger.Web.Features.Settings;

/// <summary>Settings → Model prices: the price table in force (defaults and custom entries), custom entries edited, and which price a model name pays.</summary>
public partial class ModelPrices
{
    private PriceTable? _table;
    private PriceDraft? _draft;
    private IReadOnlyDictionary<string, string> _errors = new Dictionary<string, string>();
    private string? _error;
    private bool _busy;

    private string? _tryModel;
    private DateTime? _tryDate;
    private long _tryInput = 1_000_000;
    private long _tryOutput = 1_000_000;
    private long _tryCached;

    [Inject] private IModelPriceStore Store { get; set; } = default!;
    [Inject] private IPriceTableSource Tables { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private ILogger<ModelPrices> Logger { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> Authentication { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _tryDate = Time.GetUtcNow().UtcDateTime.Date;
        await LoadAsync();
    }

    private async Task LoadAsync() => _table = await Tables.GetAsync(CancellationToken.None);

    /// <summary>Custom entries first (they win), then defaults; each by pattern, then start.</summary>
    private IEnumerable<ModelPrice> Ordered => _table!.Prices
        .OrderByDescending(p => p.Custom).ThenBy(p => p.Pattern, StringComparer.OrdinalIgnoreCase).ThenBy(p => p.From);

    /// <summary>The end of the chosen day, so a price that starts that day applies.</summary>
    private DateTimeOffset TryAt => _tryDate is { } date
        ? new DateTimeOffset(DateTime.SpecifyKind(date.Date, DateTimeKind.Utc)).AddDays(1).AddTicks(-1)
        : Time.GetUtcNow();

    private static string Rate(decimal perMillion) => "$" + perMillion.ToString("0.######", CultureInfo.InvariantCulture);

    private void Add()
    {
        _draft = new PriceDraft();
        _errors = new Dictionary<string, string>();
    }

    private void Edit(ModelPrice price)
    {
        _draft = PriceDraft.Of(price);
        _errors = new Dictionary<string, string>();
    }

    private void Override(ModelPrice price)
    {
        _draft = PriceDraft.Of(price with { Id = null });
        _errors = new Dictionary<string, string>();
    }

    private void Cancel()
    {
        _draft = null;
        _errors = new Dictionary<string, string>();
    }

    private async Task SaveAsync()
    {
        var draft = _draft!;
        var errors = new Dictionary<string, string>();
        if (draft.Input is null) errors["input"] = "An input price is required (0 when input is free).";
        if (draft.Output is null) errors["output"] = "An output price is required (0 when output is free).";
        var price = draft.ToPrice();
        foreach (var (field, error) in price.Validate()) errors.TryAdd(field, error);
        _errors = errors;
        if (errors.Count > 0) return;

        _busy = true;
        try
        {
            var user = (await Authentication).User.Identity?.Name ?? "unknown";
            var result = await Store.SaveAsync(price, user, CancellationToken.None);
            _errors = result.Errors;
            if (!result.Succeeded) return;
            Logger.LogInformation("{User} saved the custom price of {Pattern}", user, result.Saved!.Pattern);
            Snackbar.Add($"Price of {result.Saved.Pattern} saved.", Severity.Success);
            _draft = null;
            await LoadAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task DeleteAsync(ModelPrice price)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Delete this price?",
            $"Calls of models matching {price.Pattern} are priced by the defaults again (or show no cost when none matches).", yesText: "Delete", cancelText: "Cancel");
        if (confirmed != true) return;
        if (!await Store.DeleteAsync(price.Id!.Value, CancellationToken.None)) _error = $"The price of {price.Pattern} was already deleted.";
        else Snackbar.Add($"Price of {price.Pattern} deleted.", Severity.Info);
        if (_draft?.Id == price.Id) _draft = null;
        await LoadAsync();
    }

    private sealed class PriceDraft
    {
        public long? Id { get; init; }

        public string? Pattern { get; set; }

        public decimal? Input { get; set; }

        public decimal? Output { get; set; }

        public decimal? Cached { get; set; }

        public DateTime? From { get; set; }

        public static PriceDraft Of(ModelPrice price) => new()
        {
            Id = price.Id,
            Pattern = price.Pattern,
            Input = price.InputPerMillion,
            Output = price.OutputPerMillion,
            Cached = price.CachedInputPerMillion,
            From = price.From?.UtcDateTime.Date,
        };

        public ModelPrice ToPrice() => new(Pattern?.Trim() ?? string.Empty, Input ?? 0, Output ?? 0, Cached,
            From is { } from ? new DateTimeOffset(DateTime.SpecifyKind(from.Date, DateTimeKind.Utc)) : null, Custom: true) { Id = Id };
    }
}
