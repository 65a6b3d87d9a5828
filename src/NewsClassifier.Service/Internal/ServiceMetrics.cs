using Prometheus;

namespace NewsClassifier.Service.Internal;

/// <summary>The service's own metrics, in one registry per application (so tests and hosts do not share counters).</summary>
internal sealed class ServiceMetrics
{
    public ServiceMetrics()
    {
        Registry = Metrics.NewCustomRegistry();
        DotNetStats.Register(Registry);
        Factory = Metrics.WithCustomRegistry(Registry);
        Requests = Factory.CreateCounter("newsclf_requests_total", "Requests answered, by API key name, route and status code.",
            new CounterConfiguration { LabelNames = ["key", "route", "status"] });
        StoriesTagged = Factory.CreateCounter("newsclf_stories_tagged_total", "Stories tagged successfully, by route.",
            new CounterConfiguration { LabelNames = ["route"] });
        StoryErrors = Factory.CreateCounter("newsclf_story_errors_total", "Stories answered with an error record or problem, by route.",
            new CounterConfiguration { LabelNames = ["route"] });
        TopicsAssigned = Factory.CreateCounter("newsclf_topics_assigned_total", "Topics assigned, by label.",
            new CounterConfiguration { LabelNames = ["label"] });
        ModelInfo = Factory.CreateGauge("newsclf_model_info", "1 for the model version serving now.",
            new GaugeConfiguration { LabelNames = ["version"] });
        ModelReloads = Factory.CreateCounter("newsclf_model_reloads_total", "Model reloads, by outcome (swapped, unchanged, refused).",
            new CounterConfiguration { LabelNames = ["outcome"] });
    }

    public CollectorRegistry Registry { get; }

    public IMetricFactory Factory { get; }

    public Counter Requests { get; }

    public Counter StoriesTagged { get; }

    public Counter StoryErrors { get; }

    public Counter TopicsAssigned { get; }

    public Gauge ModelInfo { get; }

    public Counter ModelReloads { get; }

    private string? _version;

    /// <summary>Told about every story tagged (the desk's drift counts); set once the application is built.</summary>
    public IReadOnlyList<ITaggingObserver> Observers { get; set; } = [];

    /// <summary>Counts one result.</summary>
    public void Count(TagResult result, string route)
    {
        foreach (var observer in Observers)
        {
            observer.Tagged(result);
        }
        if (!result.Succeeded)
        {
            StoryErrors.WithLabels(route).Inc();
            return;
        }
        StoriesTagged.WithLabels(route).Inc();
        foreach (var topic in result.Topics)
        {
            TopicsAssigned.WithLabels(topic.Label).Inc();
        }
    }

    /// <summary>Moves the model-version gauge to the version serving now.</summary>
    public void ModelServing(string version)
    {
        lock (ModelInfo)
        {
            if (_version is { } old)
            {
                ModelInfo.RemoveLabelled(old);
            }
            ModelInfo.WithLabels(version).Set(1);
            _version = version;
        }
    }
}
