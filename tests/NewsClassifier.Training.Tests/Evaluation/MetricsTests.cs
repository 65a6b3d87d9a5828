using NewsClassifier.Training.Evaluation;
using NewsClassifier.Training.Topics;

namespace NewsClassifier.Training.Tests.Evaluation;

public class MetricsTests
{
    private static IReadOnlyCollection<string> Set(params string[] labels) => labels.ToHashSet();

    [Fact]
    public void Should_ComputeMicroMacroNoneAndHamming_ByHand()
    {
        string[] labels = ["a", "b"];
        var truth = new[] { Set("a"), Set("a", "b"), Set(), Set("b") };
        var predicted = new[] { Set("a"), Set("a"), Set("b"), Set() };

        var m = MultiLabelMetrics.Compute(labels, truth, predicted);

        // a: tp 2, fp 0, fn 0 -> F1 1.  b: tp 0, fp 1, fn 2 -> F1 0.
        Assert.Equal(1.0, m.PerLabel[0].F1, 6);
        Assert.Equal(0.0, m.PerLabel[1].F1, 6);
        Assert.Equal(0.5, m.MacroF1, 6);
        Assert.Equal(2.0 * 2 / (2 * 2 + 1 + 2), m.MicroF1, 6);
        Assert.Equal(3.0 / 8, m.HammingLoss, 6);
        Assert.Equal(0.0, m.NoneAccuracy, 6);
        Assert.Equal(0.25, m.ExactMatch, 6);
    }

    [Fact]
    public void Should_ScoreCountriesAndPrimary_SkippingUnlabelledStories()
    {
        var m = CountryMetrics.Compute(
        [
            (Set("KZ", "CN"), Set("KZ"), "KZ", "KZ"),
            (Set("UZ"), Set("UZ", "RU"), "UZ", "RU"),
            (Set(), Set("US"), null, "US"),
        ]);

        Assert.Equal(2.0 * 2 / (2 * 2 + 1 + 1), m.MicroF1, 6);
        Assert.Equal(0.5, m.PrimaryAccuracy, 6);
    }

    [Fact]
    public void Should_PickTheThresholdWithTheBestF1()
    {
        var probabilities = new[] { new[] { 0.9f }, new[] { 0.35f }, new[] { 0.3f }, new[] { 0.1f } };
        var truth = new[] { new[] { true }, new[] { true }, new[] { false }, new[] { false } };

        var t = ThresholdTuner.Tune(probabilities, truth, 1);

        Assert.InRange(t[0], 0.31f, 0.35f);
    }

    [Fact]
    public void Should_UseTheDefaultThreshold_When_NoPositiveExampleExists()
    {
        var t = ThresholdTuner.Tune([[0.9f], [0.2f]], [[false], [false]], 1);

        Assert.Equal(ThresholdTuner.Default, t[0]);
    }
}
