using NewsClassifier.Internal.Entities;
using NewsClassifier.Internal.Knowledge;
using NewsClassifier.Internal.Text;

namespace NewsClassifier.Modeling;

/// <summary>A name marked in a story for training: its span in the cleaned headline or text, and its type.</summary>
/// <param name="Field"><see cref="Entity.InTitle"/> or <see cref="Entity.InText"/>.</param>
public sealed record MarkedName(string Field, int Start, int End, EntityType Type);

/// <summary>A story annotated for the entity recogniser: cleaned headline and text (<see cref="NewsIntake.Normalize"/>) and its marked names.</summary>
public sealed record EntityTrainingStory(string CleanTitle, string CleanText, IReadOnlyList<MarkedName> Names);

/// <summary>A trained statistical entity recogniser, ready to save into a model folder.</summary>
public sealed class EntityRecognizerModel
{
    internal EntityRecognizerModel(EntityRecognizer recognizer) => Recognizer = recognizer;

    internal EntityRecognizer Recognizer { get; }

    /// <summary>The BIO tags it predicts, in its class order (written to the model card).</summary>
    public static IReadOnlyList<string> Tags { get; } = Enumerable.Range(0, EntityTags.Count).Select(EntityTags.Name).ToList();

    /// <summary>Writes the recogniser; the same model always writes the same bytes.</summary>
    public void Save(Stream stream) => Recognizer.Model.Save(stream);

    /// <summary>Reads a recogniser written by <see cref="Save"/>; throws <see cref="InvalidDataException"/> for other bytes.</summary>
    public static EntityRecognizerModel Load(Stream stream) => new(new EntityRecognizer(AveragedPerceptron.Load(stream)));
}

/// <summary>Trains the statistical entity recogniser: the only way to make one, used by <c>newsclf train</c>.</summary>
public static class EntityTraining
{
    /// <summary>
    /// Trains on annotated stories with the knowledge base's hits as features. Each headline is also learned in Title
    /// Case, the form many outlets use and few annotated headlines have (the spans stay valid: casing keeps lengths).
    /// </summary>
    public static EntityRecognizerModel Train(IEnumerable<EntityTrainingStory> stories, int epochs, int seed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stories);
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        var knowledge = KnowledgeBase.Embedded;
        var spotter = new EntitySpotter(knowledge);
        var inputs = new List<RecognizerInput>();
        foreach (var story in stories)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var title = Spot(story.CleanTitle, spotter, knowledge.Cues);
            var text = Spot(story.CleanText, spotter, knowledge.Cues);
            var lower = EntityRecognizer.LowerCaseWords(title.Text, text.Text, title.Tokens, text.Tokens);
            var titleNames = Spans(story, Entity.InTitle);
            inputs.Add(Input(title, lower, isTitle: true, titleNames));
            inputs.Add(Input(text, lower, isTitle: false, Spans(story, Entity.InText)));
            var titleCase = Spot(HeadlineCase.ToTitleCase(story.CleanTitle), spotter, knowledge.Cues);
            inputs.Add(Input(titleCase, lower, isTitle: true, titleNames));
        }
        return new EntityRecognizerModel(EntityRecognizer.Train(inputs, knowledge.Cues, epochs, seed, cancellationToken));
    }

    private static SpottedField Spot(string clean, EntitySpotter spotter, NameCues cues)
    {
        var tokens = Tokenizer.Tokenize(clean);
        var field = new SpottedField(clean, tokens, spotter.Spot(clean, tokens));
        return field with { Names = EntityFinder.WithoutDocumentNames(field, cues) };
    }

    private static List<RecognizedName> Spans(EntityTrainingStory story, string field) =>
        story.Names.Where(n => n.Field == field).Select(n => new RecognizedName(n.Start, n.End, n.Type)).ToList();

    private static RecognizerInput Input(SpottedField field, IReadOnlySet<string> lower, bool isTitle, List<RecognizedName> gold) =>
        new(field.Text, field.Tokens, field.Names, lower, isTitle) { Gold = EntityRecognizer.GoldTags(field.Tokens, gold) };
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
            if (first || !Small.Contains(headline[i..end]))
            {
                var upper = char.ToUpperInvariant(chars[i]);
                chars[i] = char.IsUpper(upper) ? upper : chars[i];
            }
            first = false;
        }
        return new string(chars);
    }
}
