using Prometheus;

namespace NewsClassifier.Service.Internal;

/// <summary>Health, readiness, the model card, metrics and the admin reload.</summary>
internal static class OperationsEndpoints
{
    public static void MapOperations(this IEndpointRouteBuilder app, ServiceSettings settings, ServiceMetrics metrics)
    {
        // Probes answer without a key: Kubernetes calls them, and they say nothing about stories or keys.
        app.MapGet("/healthz", () => Results.Text("ok\n"))
            .WithName("Health").WithSummary("The process is alive.").AllowAnonymous().DisableRateLimiting();

        app.MapGet("/readyz", (HttpContext context, ModelHost models) =>
            {
                if (!models.IsReady)
                {
                    return Problems.Result(StatusCodes.Status503ServiceUnavailable, "Not ready", "The model is not loaded and verified yet.");
                }
                context.Response.Headers[TaggingEndpoints.ModelVersionHeader] = models.Current.Version;
                return Results.Text($"ready {models.Current.Version}\n");
            })
            .WithName("Ready").WithSummary("A verified model is loaded.").AllowAnonymous().DisableRateLimiting();

        app.MapGet("/v1/model", (HttpContext context, ModelHost models) =>
            {
                var served = models.Current;
                context.Response.Headers[TaggingEndpoints.ModelVersionHeader] = served.Version;
                return Results.Json(new ModelResponse(served.Version, served.Tagger.Card), ModelCard.JsonOptions);
            })
            .WithName("Model").WithSummary("The model card of the model serving now: version, labels, thresholds, metrics, file hashes.")
            .Produces<ModelResponse>()
            .RequireAuthorization(ServicePolicies.Tagging)
            .RequireRateLimiting(NewsService.PerKeyRateLimit);

        app.MapPost("/v1/admin/reload", async (HttpContext context, ModelHost models, CancellationToken cancellationToken) =>
            {
                var outcome = await models.ReloadAsync(force: true, cancellationToken);
                metrics.ModelReloads.WithLabels(outcome.Problem is not null ? "refused" : outcome.Swapped ? "swapped" : "unchanged").Inc();
                metrics.ModelServing(models.Current.Version);
                context.Response.Headers[TaggingEndpoints.ModelVersionHeader] = models.Current.Version;
                return outcome.Problem is { } problem
                    ? Problems.Result(StatusCodes.Status422UnprocessableEntity, "Model refused", $"The model was not swapped, {outcome.Version} keeps serving: {problem}",
                        new Dictionary<string, object?> { ["version"] = outcome.Version })
                    : Results.Json(new ReloadResponse(outcome.Swapped, outcome.Version));
            })
            .WithName("ReloadModel").WithSummary("Loads and verifies the model the configured folder or pointer names now, then swaps it in (admin key).")
            .Produces<ReloadResponse>()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .RequireAuthorization(ServicePolicies.Administration)
            .WithRequestTimeout(NewsService.BatchTimeout);

        var scrape = app.MapMetrics("/metrics", metrics.Registry).WithDisplayName("Metrics").DisableRateLimiting();
        if (settings.AnonymousMetrics)
        {
            scrape.AllowAnonymous();
        }
        else
        {
            scrape.RequireAuthorization(ServicePolicies.Tagging);
        }
    }

    /// <summary>GET /v1/model: the version string and the card.</summary>
    internal sealed record ModelResponse(string Version, ModelCard Card);

    /// <summary>POST /v1/admin/reload: whether a new model serves, and which.</summary>
    internal sealed record ReloadResponse(bool Swapped, string Version);
}
