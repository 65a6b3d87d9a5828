using System.Diagnostics;
using NewsClassifier.Training.Data;

namespace NewsClassifier.Training.Evaluation;

/// <summary>A figure with its bootstrap 95% interval.</summary>
public sealed record Interval(double Value, double Low, double High)
{
    /// <summary>True when the whole interval lies below zero.</summary>
    public bool BelowZero => High < 0;

    /// <summary>True when the whole interval lies above zero.</summary>
    public bool AboveZero => Low > 0;
}

/// <summary>One topic's F1 under both models and the paired difference (B minus A).</summary>
/// <param name="PValue">Share of bootstrap samples where the difference has the other sign than observed (two-sided, doubled).</param>
public sealed record TopicComparison(string Label, int Support, Interval F1A, Interval F1B, Interval Difference, double PValue)
{
    /// <summary>"better", "worse" or "same" (the difference's 95% interval excludes zero or not).</summary>
    public string Verdict => Difference.AboveZero ? "better" : Difference.BelowZero ? "worse" : "same";
}

/// <summary>A story whose tags differ between the two models.</summary>
public sealed record ChangedStory(string Id, string Title, IReadOnlyList<string> Truth, IReadOnlyList<string> TopicsA, IReadOnlyList<string> TopicsB, string? PrimaryA, string? PrimaryB);

/// <summary>Model B against model A on the same labelled stories.</summary>
public sealed record ComparisonReport
{
    /// <summary>The stories compared.</summary>
    public required int Stories { get; init; }

    /// <summary>Bootstrap samples drawn.</summary>
    public required int Samples { get; init; }

    /// <summary>Per-topic figures, in label order.</summary>
    public required IReadOnlyList<TopicComparison> Topics { get; init; }

    /// <summary>Macro-F1 of A, of B, and the paired difference.</summary>
    public required TopicComparison Macro { get; init; }

    /// <summary>Country micro-F1 of A and B.</summary>
    public required (double A, double B) CountryF1 { get; init; }

    /// <summary>Primary-country accuracy of A and B.</summary>
    public required (double A, double B) PrimaryAccuracy { get; init; }

    /// <summary>Stories per second, one thread, of A and B.</summary>
    public required (double A, double B) StoriesPerSecond { get; init; }

    /// <summary>Stories whose topics or primary country changed.</summary>
    public required IReadOnlyList<ChangedStory> Changed { get; init; }

    /// <summary>True when B's macro-F1 is significantly below A's (its difference's 95% interval is below zero).</summary>
    public bool BIsWorse => Macro.Difference.BelowZero;

    /// <summary>True when B's macro-F1 is significantly above A's.</summary>
    public bool BIsBetter => Macro.Difference.AboveZero;
}

/// <summary>Compares two models on labelled stories with a paired bootstrap over stories.</summary>
public static class ModelComparison
{
    /// <summary>Tags every story with both models (their own thresholds) and compares them.</summary>
    public static ComparisonReport Compare(NewsTagger a, NewsTagger b, IReadOnlyList<LabeledStory> stories, int samples = 1000, int seed = 42, CancellationToken cancellationToken = default)
    {
        if (stories.Count == 0)
        {
            throw new ArgumentException("There are no stories to compare on: check --data and --split.", nameof(stories));
        }
        var labels = a.Labels.Where(b.Labels.Contains).ToList();
        var (resultsA, speedA) = TagAll(a, stories, cancellationToken);
        var (resultsB, speedB) = TagAll(b, stories, cancellationToken);

        // Per story and label: the confusion cell under A and under B, so a bootstrap sample only adds up counts.
        var n = stories.Count;
        var truth = stories.Select(s => s.Labels.ToHashSet(StringComparer.Ordinal)).ToList();
        var predictedA = resultsA.Select(r => r.Topics.Select(t => t.Label).ToHashSet(StringComparer.Ordinal)).ToList();
        var predictedB = resultsB.Select(r => r.Topics.Select(t => t.Label).ToHashSet(StringComparer.Ordinal)).ToList();

        var weights = new int[n];
        Array.Fill(weights, 1);
        var observedA = F1s(labels, truth, predictedA, weights);
        var observedB = F1s(labels, truth, predictedB, weights);

        var random = new Random(seed);
        var drawsA = new double[samples][];
        var drawsB = new double[samples][];
        for (var s = 0; s < samples; s++)
        {
            Array.Clear(weights);
            for (var i = 0; i < n; i++)
            {
                weights[random.Next(n)]++;
            }
            drawsA[s] = F1s(labels, truth, predictedA, weights);
            drawsB[s] = F1s(labels, truth, predictedB, weights);
        }

        // Index labels.Count is the macro average.
        TopicComparison Summarise(int k, string name, int support)
        {
            var fa = drawsA.Select(d => d[k]).ToArray();
            var fb = drawsB.Select(d => d[k]).ToArray();
            var diff = drawsA.Select((d, s) => drawsB[s][k] - d[k]).ToArray();
            var observedDiff = observedB[k] - observedA[k];
            var otherSide = observedDiff >= 0 ? diff.Count(x => x <= 0) : diff.Count(x => x >= 0);
            return new TopicComparison(name, support,
                Ci(observedA[k], fa), Ci(observedB[k], fb), Ci(observedDiff, diff),
                Math.Min(1, 2.0 * otherSide / samples));
        }

        var topics = labels.Select((l, k) => Summarise(k, l, truth.Count(t => t.Contains(l)))).ToList();
        var macro = Summarise(labels.Count, "macro", n);

        var countryA = CountryMetrics.Compute(stories.Select((s, i) => ((IReadOnlyCollection<string>)s.Countries, (IReadOnlyCollection<string>)resultsA[i].Countries.Select(c => c.Code).ToList(), s.Primary, resultsA[i].PrimaryCountry)));
        var countryB = CountryMetrics.Compute(stories.Select((s, i) => ((IReadOnlyCollection<string>)s.Countries, (IReadOnlyCollection<string>)resultsB[i].Countries.Select(c => c.Code).ToList(), s.Primary, resultsB[i].PrimaryCountry)));

        var changed = new List<ChangedStory>();
        for (var i = 0; i < n; i++)
        {
            if (!predictedA[i].SetEquals(predictedB[i]) || resultsA[i].PrimaryCountry != resultsB[i].PrimaryCountry)
            {
                changed.Add(new ChangedStory(stories[i].Id, stories[i].Title, stories[i].Labels.Order(StringComparer.Ordinal).ToList(),
                    predictedA[i].Order(StringComparer.Ordinal).ToList(), predictedB[i].Order(StringComparer.Ordinal).ToList(),
                    resultsA[i].PrimaryCountry, resultsB[i].PrimaryCountry));
            }
        }

        return new ComparisonReport
        {
            Stories = n,
            Samples = samples,
            Topics = topics,
            Macro = macro,
            CountryF1 = (countryA.MicroF1, countryB.MicroF1),
            PrimaryAccuracy = (countryA.PrimaryAccuracy, countryB.PrimaryAccuracy),
            StoriesPerSecond = (speedA, speedB),
            Changed = changed,
        };
    }

    private static (List<TagResult> Results, double PerSecond) TagAll(NewsTagger tagger, IReadOnlyList<LabeledStory> stories, CancellationToken cancellationToken)
    {
        // Warm up (engine pool, JIT) so the speed is the steady rate, not the first call's.
        for (var i = 0; i < Math.Min(20, stories.Count); i++)
        {
            tagger.Tag(stories[i].ToArticle());
        }
        var clock = Stopwatch.StartNew();
        var results = new List<TagResult>(stories.Count);
        foreach (var story in stories)
        {
            cancellationToken.ThrowIfCancellationRequested();
            results.Add(tagger.Tag(story.ToArticle()));
        }
        return (results, stories.Count / Math.Max(clock.Elapsed.TotalSeconds, 1e-9));
    }

    /// <summary>Per-label F1 and (last) their mean, with each story counted <paramref name="weights"/>[i] times.</summary>
    private static double[] F1s(List<string> labels, List<HashSet<string>> truth, List<HashSet<string>> predicted, int[] weights)
    {
        var result = new double[labels.Count + 1];
        for (var k = 0; k < labels.Count; k++)
        {
            int tp = 0, fp = 0, fn = 0;
            for (var i = 0; i < truth.Count; i++)
            {
                var w = weights[i];
                if (w == 0)
                {
                    continue;
                }
                var t = truth[i].Contains(labels[k]);
                var p = predicted[i].Contains(labels[k]);
                if (t && p)
                {
                    tp += w;
                }
                else if (p)
                {
                    fp += w;
                }
                else if (t)
                {
                    fn += w;
                }
            }
            result[k] = Metrics.F1(tp, fp, fn);
        }
        result[labels.Count] = labels.Count == 0 ? 0 : result.Take(labels.Count).Average();
        return result;
    }

    private static Interval Ci(double observed, double[] draws)
    {
        var sorted = draws.Order().ToArray();
        return new Interval(observed, Percentile(sorted, 0.025), Percentile(sorted, 0.975));
    }

    private static double Percentile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = (int)Math.Ceiling(position);
        return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
    }
}
