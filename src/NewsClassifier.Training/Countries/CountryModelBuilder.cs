using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;
using NewsClassifier.Modeling;
using NewsClassifier.Training.Data;

namespace NewsClassifier.Training.Countries;

/// <summary>
/// Trains the two FastTree country models from labelled stories: "about" (is the story about this country
/// or does it only mention it?) and "primary" (is this the country the story is mainly about?).
/// Candidates are the countries the entity layer finds evidence for; a labelled country with no evidence
/// cannot be proposed and counts as a miss in evaluation.
/// </summary>
internal sealed class CountryModelBuilder(int seed, EntityRecognizerModel? recognizer = null)
{
    private readonly MLContext _ml = new(seed);

    /// <summary>One candidate row per (story, country with evidence).</summary>
    public List<(CountryRow About, CountryRow Primary)> Rows(IReadOnlyList<LabeledStory> stories)
    {
        var rows = new List<(CountryRow, CountryRow)>();
        foreach (var story in stories)
        {
            foreach (var candidate in StoryFeatures.ForCountries(story.Title, story.Text, recognizer))
            {
                var features = candidate.Features.ToArray();
                rows.Add((
                    new CountryRow { Features = features, Label = story.Countries.Contains(candidate.Code) },
                    new CountryRow { Features = features, Label = story.Primary == candidate.Code }));
            }
        }
        return rows;
    }

    /// <summary>Fits both models on the training stories.</summary>
    public (ITransformer About, ITransformer Primary) Fit(IReadOnlyList<LabeledStory> train)
    {
        var rows = Rows(train);
        return (FitOne(rows.Select(r => r.About)), FitOne(rows.Select(r => r.Primary)));
    }

    /// <summary>Saves a fitted country model.</summary>
    public void Save(ITransformer model, string path) =>
        _ml.Model.Save(model, _ml.Data.LoadFromEnumerable(Array.Empty<CountryRow>()).Schema, path);

    /// <summary>The FastTree settings, for the model card.</summary>
    public static IReadOnlyDictionary<string, string> Describe() => new Dictionary<string, string>
    {
        ["country.trainer"] = "FastTree",
        ["country.numberOfTrees"] = "100",
        ["country.numberOfLeaves"] = "8",
        ["country.minimumExampleCountPerLeaf"] = "10",
        ["country.learningRate"] = "0.1",
    };

    private ITransformer FitOne(IEnumerable<CountryRow> rows)
    {
        var data = _ml.Data.LoadFromEnumerable(rows.ToList());
        var trainer = _ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            LabelColumnName = nameof(CountryRow.Label),
            FeatureColumnName = nameof(CountryRow.Features),
            NumberOfTrees = 100,
            NumberOfLeaves = 8,
            MinimumExampleCountPerLeaf = 10,
            LearningRate = 0.1,
            NumberOfThreads = 1,
            Seed = seed,
        });
        return trainer.Fit(data);
    }
}
