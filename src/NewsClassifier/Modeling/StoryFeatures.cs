using NewsClassifier.Internal.Entities;
using NewsClassifier.Internal.Knowledge;
using NewsClassifier.Internal.Models;
using NewsClassifier.Internal.Text;

namespace NewsClassifier.Modeling;

/// <summary>One candidate country of a story and the evidence features the country models see for it.</summary>
/// <param name="Code">ISO alpha-2 code.</param>
/// <param name="Features">The features, in the order of <see cref="StoryFeatures.CountryFeatureNames"/>.</param>
public sealed record CountryCandidate(string Code, IReadOnlyList<float> Features);

/// <summary>
/// The one normalise-and-featurise entry point: training and inference both turn a story into model inputs here,
/// so the models are trained on exactly what they will see (HTML entities, curly quotes, NBSP and NFC are
/// cleaned before any feature is computed, on both sides).
/// </summary>
public static class StoryFeatures
{
    private static readonly float[] NoLexicon = new float[TopicInput.LexiconSize];

    /// <summary>The names of the country features, in vector order (written to the model card).</summary>
    public static IReadOnlyList<string> CountryFeatureNames => CountryFeatures.Names;

    /// <summary>The topic model's input row for a story: normalised headline and body, and lexicon counts when the model uses them.</summary>
    public static TopicInput ForTopics(string? title, string? text, bool useLexicon) =>
        ForNormalizedTopics(TextNormalizer.Normalize(title ?? ""), TextNormalizer.Normalize(text ?? ""), useLexicon);

    /// <summary>
    /// The candidate countries of a story (every country the text points to) with their evidence features, found as the
    /// tagger finds them: through <paramref name="recognizer"/> when the model folder will have one.
    /// </summary>
    public static IReadOnlyList<CountryCandidate> ForCountries(string? title, string? text, EntityRecognizerModel? recognizer = null)
    {
        var cleanTitle = TextNormalizer.Normalize(title ?? "");
        var cleanText = TextNormalizer.Normalize(text ?? "");
        var tallies = EntityFinder.Analyse(Spotter.Value, KnowledgeBase.Embedded.Cues, recognizer?.Recognizer, cleanTitle, cleanText).Tallies;
        return tallies.Select(t => new CountryCandidate(t.Code, CountryFeatures.For(t, tallies, cleanText.Length))).ToList();
    }

    /// <summary>The topic input for text that is already normalised (the tagger normalises once for topics, entities and countries).</summary>
    internal static TopicInput ForNormalizedTopics(string title, string text, bool useLexicon) => new()
    {
        Title = title,
        Text = text,
        // Lexicon counts cost a tokenisation; models trained without them get the zero vector they were trained with.
        Lexicon = useLexicon ? TopicLexicon.Embedded.Featurize(title, text) : NoLexicon,
    };

    private static readonly Lazy<EntitySpotter> Spotter = new(() => new EntitySpotter(KnowledgeBase.Embedded));
}
