using Microsoft.Extensions.Hosting;

namespace NewsClassifier.Service.Internal;

/// <summary>Polls a model pointer and swaps the model when it names another folder (polling, not file events: it also sees Kubernetes volume swaps).</summary>
internal sealed class ModelWatcher(ModelHost models, ServiceSettings settings, ServiceMetrics metrics) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!models.SourceIsPointer || settings.ModelPollSeconds <= 0)
        {
            return;
        }
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(settings.ModelPollSeconds));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var outcome = await models.ReloadAsync(force: false, stoppingToken);
                if (outcome.Swapped || outcome.Problem is not null)
                {
                    metrics.ModelReloads.WithLabels(outcome.Swapped ? "swapped" : "refused").Inc();
                    metrics.ModelServing(models.Current.Version);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
