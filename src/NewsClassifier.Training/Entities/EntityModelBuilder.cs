using NewsClassifier.Internal.Entities;
using NewsClassifier.Internal.Knowledge;
using NewsClassifier.Internal.Text;
using NewsClassifier.Training.Data;

namespace NewsClassifier.Training.Entities;

/// <summary>Trains the statistical entity recogniser on annotated stories and scores it the way the tagger runs it.</summary>
public sealed class EntityModelBuilder(int seed, int epochs = EntityModelBuilder.DefaultEpochs)
{
    /// <summary>The recogniser's file name inside a model folder.</summary>
    public const string FileName = "entities.bin";

    /// <summary>Passes over the training stories; the averaged perceptron stops improving on held-out stories after about ten.</summary>
    public const int DefaultEpochs = 20;

    /// <summary>Fewer annotated training stories than this train no recogniser: the folder keeps knowledge-base entities only.</summary>
    public const int MinimumStories = 20;

    private readonly KnowledgeBase _knowledge = KnowledgeBase.Embedded;

    /// <summary>Passes over the training stories.</summary>
    public int Epochs { get; } = epochs;

    /// <summary>Trains on the annotated stories.</summary>
    internal EntityRecognizer Fit(IEnumerable<(LabeledStory Story, IReadOnlyList<AnnotatedEntity> Entities)> stories, CancellationToken cancellationToken)
    {
        var spotter = new EntitySpotter(_knowledge);
        var inputs = new List<RecognizerInput>();
        foreach (var (story, entities) in stories)
        {
            var (title, text) = Prepare(story, spotter);
            var lower = EntityRecognizer.LowerCaseWords(title.Text, text.Text, title.Tokens, text.Tokens);
            foreach (var (field, isTitle) in new[] { (title, true), (text, false) })
            {
                var gold = AnnotatedSpans(isTitle ? Entity.InTitle : Entity.InText, field.Text, entities).ToList();
                inputs.Add(new RecognizerInput(field.Text, field.Tokens, field.Names, lower, isTitle) { Gold = EntityRecognizer.GoldTags(field.Tokens, gold) });
                if (isTitle)
                {
                    // Many outlets write headlines in Title Case, which few corpus headlines use: learn from that form too.
                    var titleCase = HeadlineCase.ToTitleCase(field.Text);
                    var tokens = Tokenizer.Tokenize(titleCase);
                    inputs.Add(new RecognizerInput(titleCase, tokens, spotter.Spot(titleCase, tokens), lower, IsTitle: true) { Gold = EntityRecognizer.GoldTags(tokens, gold) });
                }
            }
        }
        return EntityRecognizer.Train(inputs, _knowledge.Cues, Epochs, seed, cancellationToken);
    }

    /// <summary>The gold mentions of a story in the tagger's cleaned headline and text.</summary>
    public static List<GoldMention> GoldOf(string cleanTitle, string cleanText, IReadOnlyList<AnnotatedEntity> entities) =>
        [.. EntityAnnotations.Mentions(Entity.InTitle, cleanTitle, entities), .. EntityAnnotations.Mentions(Entity.InText, cleanText, entities)];

    internal static void Save(EntityRecognizer recognizer, string path)
    {
        using var stream = File.Create(path);
        recognizer.Model.Save(stream);
    }

    private static (SpottedField Title, SpottedField Text) Prepare(LabeledStory story, EntitySpotter spotter)
    {
        SpottedField Field(string raw)
        {
            var clean = TextNormalizer.Normalize(raw);
            var tokens = Tokenizer.Tokenize(clean);
            var field = new SpottedField(clean, tokens, spotter.Spot(clean, tokens));
            return field with { Names = EntityFinder.WithoutDocumentNames(field, KnowledgeBase.Embedded.Cues) };
        }
        return (Field(story.Title), Field(story.Text));
    }

    private static IEnumerable<RecognizedName> AnnotatedSpans(string field, string text, IReadOnlyList<AnnotatedEntity> entities) =>
        EntityAnnotations.Mentions(field, text, entities).Select(m => new RecognizedName(m.Start, m.End, m.Type));
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
            var gold = EntityModelBuilder.GoldOf(result.Title ?? "", result.Text ?? row.Text, entities);
            metrics.Add(gold, result.Entities);
        }
        return metrics;
    }
}

/// <summary>Headline casing as many outlets write it: every word capitalised except short function words.</summary>
internal static class HeadlineCase
{
    private static readonly HashSet<string> Small = new(StringComparer.Ordinal) { "a", "an", "the", "and", "or", "of", "in", "on", "at", "to", "for", "by", "as", "with", "from" };

    /// <summary>Capitalises the first letter of each word (not small words after the first); the length never changes, so spans stay valid.</summary>
    public static string ToTitleCase(string headline)
    {
        var chars = headline.ToCharArray();
        var first = true;
        for (var i = 0; i < chars.Length; i++)
        {
            if (!char.IsLetter(chars[i]) || i > 0 && char.IsLetterOrDigit(chars[i - 1]) || i > 0 && chars[i - 1] is '\'' or '\u2019')
            {
                continue;
            }
            var end = i;
            while (end < chars.Length && char.IsLetter(chars[end]))
            {
                end++;
            }
            var word = headline[i..end];
            if (first || !Small.Contains(word))
            {
                var upper = char.ToUpperInvariant(chars[i]);
                chars[i] = char.IsUpper(upper) && upper.ToString().Length == 1 ? upper : chars[i];
            }
            first = false;
        }
        return new string(chars);
    }
}
