using System.Globalization;
using System.Text;
using AiLogger.Domain.ModelMonitoring;
using AiLogger.Web.Security;

namespace AiLogger.Web.Api;

/// <summary>Every table of a model's page as CSV, for the window shown (<c>GET /api/models/{name}/export/{table}</c>).</summary>
public static class ModelExportEndpoints
{
    public static readonly IReadOnlyList<string> Tables = ["daily", "samples", "classes", "confusion", "reference", "drift"];

    public static IEndpointRouteBuilder MapModelExportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(Routes.Models + "/{name}/export/{table}", ExportAsync).RequireAuthorization(Policies.ApiReadAnalytics).Produces(200, contentType: "text/csv").WithTags("Model monitoring");
        return app;
    }

    private static async Task<IResult> ExportAsync(
        HttpContext http, string name, string table, IModelCatalog catalog, IModelMetrics metrics, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!Tables.Contains(table)) return ApiErrors.Result(http, 404, $"No table '{table}'; export one of {string.Join(", ", Tables)}.");
        if (!ModelEndpoints.TryReadWindow(http, time, out var from, out var to, out var problem)) return problem!;
        if (await catalog.FindAsync(name, cancellationToken) is not { } model) return ApiErrors.Result(http, 404, $"No model is called '{name}'.");

        var csv = new StringBuilder();
        switch (table)
        {
            case "daily":
                csv.AppendLine(Csv.Line("day", "predictions", "validated", "accuracy", "precision_macro", "recall_macro", "f1_macro", "f1_weighted", "estimated_accuracy"));
                foreach (var d in await metrics.GetDailyAsync(model.Name, from, to, cancellationToken) ?? [])
                    csv.AppendLine(Csv.Line(d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Count(d.Predictions), Count(d.Validated), Csv.Number(d.Accuracy),
                        Csv.Number(d.Precision?.Macro), Csv.Number(d.Recall?.Macro), Csv.Number(d.F1?.Macro), Csv.Number(d.F1?.Weighted), Csv.Number(d.EstimatedAccuracy)));
                break;
            case "samples" or "classes":
                var window = await metrics.GetMetricsAsync(model.Name, from, to, cancellationToken);
                csv.AppendLine(Csv.Line("class", "precision", "recall", "f1", "support", "predicted_validated", "predictions"));
                foreach (var c in window?.PerClass ?? [])
                    csv.AppendLine(Csv.Line(c.Class, Csv.Number(c.Precision), Csv.Number(c.Recall), Csv.Number(c.F1), Count(c.Support), Count(c.Predicted), Count(c.Predictions)));
                break;
            case "confusion":
                var confusion = (await metrics.GetMetricsAsync(model.Name, from, to, cancellationToken))?.Confusion;
                var labels = confusion?.Labels ?? [];
                csv.AppendLine(Csv.Line(["actual \\ predicted", .. labels]));
                foreach (var actual in labels)
                    csv.AppendLine(Csv.Line([actual, .. labels.Select(predicted => Count(confusion!.Count(actual, predicted)))]));
                break;
            case "reference":
                var reference = await catalog.GetReferenceAsync(model.Name, cancellationToken);
                csv.AppendLine(Csv.Line("class", "items"));
                foreach (var (cls, count) in reference?.ClassCounts ?? new Dictionary<string, long>())
                    csv.AppendLine(Csv.Line(cls, Count(count)));
                break;
            case "drift":
                csv.AppendLine(Csv.Line("feature", "kind", "method", "statistic", "p_value", "threshold", "drifted", "psi", "psi_level", "reference_count", "current_count", "computed_at"));
                foreach (var f in await metrics.GetDriftAsync(model.Name, cancellationToken) ?? [])
                    csv.AppendLine(Csv.Line(f.Result.Feature, f.Kind, f.Result.Method, Csv.Number(f.Result.Statistic), Csv.Number(f.Result.PValue), Csv.Number(f.Result.Threshold),
                        f.Result.Drifted ? "true" : "false", Csv.Number(f.Result.Psi), f.Result.PsiLevel.ToString().ToLowerInvariant(), Count(f.ReferenceCount), Count(f.CurrentCount),
                        f.ComputedAt.ToString("O", CultureInfo.InvariantCulture)));
                break;
        }
        return TypedResults.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", $"{model.Name}-{table}.csv");
    }

    private static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);
}
