using NewsClassifier.Modeling;
using NewsClassifier.Training.Data;

namespace NewsClassifier.Training.Entities;

/// <summary>Trains the statistical entity recogniser on annotated stories of a dataset.</summary>
public sealed class EntityModelBuilder(int seed, int epochs = EntityModelBuilder.DefaultEpochs)
{
    /// <summary>The recogniser's file name inside a model folder.</summary>
    public const string FileName = "entities.bin";

    /// <summary>Passes over the training stories; held-out F1 stopped rising after about twelve.</summary>
    public const int DefaultEpochs = 20;

    /// <summary>Fewer annotated training stories than this train no recogniser: the folder keeps knowledge-base entities only.</summary>
    public const int MinimumStories = 20;

    /// <summary>Passes over the training stories.</summary>
    public int Epochs { get; } = epochs;

    /// <summary>Trains on the annotated stories, marking every mention of each annotated form in the cleaned text.</summary>
    public EntityRecognizerModel Fit(IEnumerable<(LabeledStory Story, IReadOnlyList<AnnotatedEntity> Entities)> stories, CancellationToken cancellationToken)
    {
        var annotated = stories.Select(s =>
        {
            var title = NewsIntake.Normalize(s.Story.Title);
            var text = NewsIntake.Normalize(s.Story.Text);
            var names = GoldOf(title, text, s.Entities).Select(g => new MarkedName(g.Field, g.Start, g.End, g.Type)).ToList();
            return new EntityTrainingStory(title, text, names);
        });
        return EntityTraining.Train(annotated, Epochs, seed, cancellationToken);
    }

    /// <summary>The gold mentions of a story in the tagger's cleaned headline and text.</summary>
    public static List<GoldMention> GoldOf(string cleanTitle, string cleanText, IReadOnlyList<AnnotatedEntity> entities) =>
        [.. EntityAnnotations.Mentions(Entity.InTitle, cleanTitle, entities), .. EntityAnnotations.Mentions(Entity.InText, cleanText, entities)];

    /// <summary>Writes the recogniser into a model folder.</summary>
    public static void Save(EntityRecognizerModel recognizer, string path)
    {
        using var stream = File.Create(path);
        recognizer.Save(stream);
    }
}

/// <summary>Scores a tagger's entities against the annotations of a dataset, story by story, as users get them.</summary>
public static class EntityEvaluation
{
    /// <summary>Tags every annotated story among <paramref name="rows"/> and scores its entities; null when none is annotated.</summary>
    public static EntityMetrics? Run(NewsTagger tagger, IEnumerable<LabeledStory> rows, IReadOnlyDictionary<string, IReadOnlyList<AnnotatedEntity>> annotations)
    {
        EntityMetrics? metrics = null;
        foreach (var row in rows)
        {
            if (!annotations.TryGetValue(row.Id, out var entities))
            {
                continue;
            }
            var result = tagger.Tag(row.ToArticle());
            if (!result.Succeeded)
            {
                continue;
            }
            metrics ??= new EntityMetrics();
            metrics.Add(EntityModelBuilder.GoldOf(result.Title ?? "", result.Text ?? row.Text, entities), result.Entities);
        }
        return metrics;
    }
}
