namespace NewsClassifier.Internal.Intake;

/// <summary>
/// Trains a <see cref="PageLineModel"/> with the averaged structured perceptron (Collins 2002): decode each page with
/// the current weights, and where the best sequence differs from the annotation, move the weights of the features and
/// transitions towards the annotated classes. Averaging the weights over all steps keeps the model from chasing the
/// last pages it saw.
/// </summary>
internal static class PageLineTrainer
{
    public static PageLineModel Train(IReadOnlyList<PageFixture> pages, int epochs, int seed, CancellationToken cancellationToken = default)
    {
        const int C = PageLineModel.Classes;
        var data = pages.Select(p => (Features: LineFeatures.Extract(p.Lines), p.Lines, p.Classes)).ToList();
        var weights = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var totals = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var transitions = Enumerable.Range(0, C + 1).Select(_ => new float[C]).ToArray();
        var transitionTotals = Enumerable.Range(0, C + 1).Select(_ => new float[C]).ToArray();
        var model = new PageLineModel(weights, transitions);
        var rng = new Random(seed);
        var step = 1;
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            var order = Enumerable.Range(0, data.Count).OrderBy(_ => rng.Next()).ToList();
            foreach (var k in order)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (features, lines, gold) = data[k];
                var predicted = model.Decode(features, lines);
                for (var i = 0; i < gold.Length; i++)
                {
                    var prevGold = i == 0 ? PageLineModel.Start : gold[i - 1];
                    var prevPredicted = i == 0 ? PageLineModel.Start : predicted[i - 1];
                    if (predicted[i] != gold[i])
                    {
                        foreach (var feature in features[i])
                        {
                            Update(weights, totals, feature, gold[i], +1, step);
                            Update(weights, totals, feature, predicted[i], -1, step);
                        }
                    }
                    if (predicted[i] != gold[i] || prevGold != prevPredicted)
                    {
                        transitions[prevGold][gold[i]] += 1;
                        transitionTotals[prevGold][gold[i]] += step;
                        transitions[prevPredicted][predicted[i]] -= 1;
                        transitionTotals[prevPredicted][predicted[i]] -= step;
                    }
                }
                step++;
            }
        }
        // Averaged weights: w - totals / step (the lazy form of averaging every step's weights).
        var averaged = new Dictionary<string, float[]>(weights.Count, StringComparer.Ordinal);
        foreach (var (feature, w) in weights)
        {
            var t = totals[feature];
            averaged[feature] = Enumerable.Range(0, C).Select(c => w[c] - t[c] / step).ToArray();
        }
        var averagedTransitions = transitions.Select((row, p) => row.Select((w, c) => w - transitionTotals[p][c] / step).ToArray()).ToArray();
        return new PageLineModel(averaged, averagedTransitions);
    }

    private static void Update(Dictionary<string, float[]> weights, Dictionary<string, float[]> totals, string feature, int c, float delta, int step)
    {
        if (!weights.TryGetValue(feature, out var w))
        {
            w = new float[PageLineModel.Classes];
            weights[feature] = w;
            totals[feature] = new float[PageLineModel.Classes];
        }
        w[c] += delta;
        totals[feature][c] += delta * step;
    }
}
