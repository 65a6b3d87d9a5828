using NewsClassifier.Internal.Knowledge;
using NewsClassifier.Internal.Text;

namespace NewsClassifier.Internal.Entities;

/// <summary>One field of a story (headline or text) with its tokens and what the knowledge base spotted in it.</summary>
internal sealed record SpottedField(string Text, List<Token> Tokens, List<SpottedName> Names);

/// <summary>A story after spotting and recognition: its fields, the recognised names (null without a recogniser) and the country evidence.</summary>
internal sealed record AnalysedStory(SpottedField Title, SpottedField Text, RecognizedStory? Recognized, List<CountryTally> Tallies);

/// <summary>The names the recogniser found in a story's headline and text.</summary>
internal sealed record RecognizedStory(List<RecognizedName> Title, List<RecognizedName> Text);

/// <summary>The one path from a spotted story to its entities, used by the tagger and by training's evaluation alike.</summary>
internal static class EntityFinder
{
    /// <summary>Recognises the names of headline and text, leaving out laws, plans, events and awards the guide does not mark.</summary>
    public static RecognizedStory Recognize(EntityRecognizer recognizer, NameCues cues, SpottedField title, SpottedField text)
    {
        var lower = EntityRecognizer.LowerCaseWords(title.Text, text.Text, title.Tokens, text.Tokens);
        List<RecognizedName> Names(SpottedField field, bool isTitle) =>
            recognizer.Recognize(new RecognizerInput(field.Text, field.Tokens, field.Names, lower, isTitle), cues)
                .FindAll(n => n.Type == EntityType.Country || IsKnown(field, n) || !NamesADocument(field, n.Start, n.End, cues));
        return new RecognizedStory(Names(title, isTitle: true), Names(text, isTitle: false));
    }

    /// <summary>
    /// "Rome Statute", "Paris Agreement", "Smart City": a run that ends in, or is followed by, a document word, or is a
    /// listed non-name, names something the guide does not mark, and a place inside it is no evidence ("Rome" is not Italy).
    /// </summary>
    internal static bool NamesADocument(SpottedField field, int start, int end, NameCues cues)
    {
        var span = field.Text.AsSpan(start, end - start);
        if (cues.NonNames.Contains(span.ToString()))
        {
            return true;
        }
        var lastSpace = span.LastIndexOf(' ');
        if (lastSpace >= 0 && cues.DocumentWords.Contains(span[(lastSpace + 1)..].ToString()))
        {
            return true;
        }
        var next = NextWord(field, end);
        return next is not null && cues.DocumentWords.Contains(next);
    }

    // "World Economic Forum", "World Food Programme": the knowledge base lists them, so they are organisations, not events.
    private static bool IsKnown(SpottedField field, RecognizedName name) =>
        field.Names.Exists(s => s.FromKnowledgeBase && s.Start == name.Start && s.End == name.End);

    private static string? NextWord(SpottedField field, int end)
    {
        foreach (var token in field.Tokens)
        {
            if (token.Start >= end)
            {
                return token.Start - end <= 1 && token.Kind == TokenKind.Word ? token.TextIn(field.Text) : null;
            }
        }
        return null;
    }

    /// <summary>
    /// Drops knowledge-base hits that the recogniser read as part of a longer person's name ("Lincoln" in "Abraham
    /// Lincoln", "Jordan" in "Jordan Henderson"): they are no evidence for a country.
    /// </summary>
    public static List<SpottedName> WithoutNamesInsidePeople(List<SpottedName> spotted, List<RecognizedName> recognized) =>
        spotted.FindAll(s => !recognized.Exists(r => r.Type == EntityType.Person && r.Start <= s.Start && s.End <= r.End
                                                 && r.End - r.Start > s.End - s.Start));

    /// <summary>Drops knowledge-base places, people and organisations that only name a document ("Rome" in "Rome Statute").</summary>
    public static List<SpottedName> WithoutDocumentNames(SpottedField field, NameCues cues) =>
        field.Names.FindAll(s => s.Kind is MentionKind.CountryName or MentionKind.Adjective or MentionKind.Cue or MentionKind.Group
                                 || !NamesADocument(field, s.Start, s.End, cues));

    /// <summary>
    /// "Bishkek-Osh road", "China-Kyrgyzstan-Uzbekistan railway": the recogniser tags whole tokens, so the known names
    /// inside a hyphenated word come from the knowledge base; they replace a name the recogniser gave the whole word.
    /// </summary>
    private static List<RecognizedName> WithHyphenParts(SpottedField field, List<RecognizedName> names)
    {
        List<RecognizedName>? result = null;
        foreach (var spot in field.Names)
        {
            if (!spot.FromKnowledgeBase || spot.Kind is MentionKind.Adjective or MentionKind.Cue or MentionKind.Group
                || ContainingToken(field.Tokens, spot) is not { } token || token.Start == spot.Start && token.End == spot.End)
            {
                continue;
            }
            result ??= [.. names];
            if (result.Exists(n => n.Start < token.End && token.Start < n.End && !(n.Start == token.Start && n.End == token.End)))
            {
                continue; // inside a longer recognised name ("Trans-Caspian Gas Pipeline Company"): leave it be
            }
            result.RemoveAll(n => n.Start == token.Start && n.End == token.End);
            result.Add(new RecognizedName(spot.Start, spot.End, spot.Kind == MentionKind.CountryName ? EntityType.Country : spot.Type));
        }
        if (result is null)
        {
            return names;
        }
        result.Sort((a, b) => a.Start.CompareTo(b.Start));
        return result;
    }

    private static Token? ContainingToken(List<Token> tokens, SpottedName spot)
    {
        foreach (var token in tokens)
        {
            if (token.Start <= spot.Start && spot.End <= token.End)
            {
                return token;
            }
            if (token.Start > spot.Start)
            {
                break;
            }
        }
        return null;
    }

    /// <summary>Links the recognised names to countries; headline entities first. <paramref name="storyCountry"/> is lent to names nothing else links.</summary>
    public static List<Entity> Link(RecognizedStory names, SpottedField title, SpottedField text, string? storyCountry, KnowledgeBase knowledge)
    {
        var surnames = new Dictionary<string, string?>(StringComparer.Ordinal);
        // The text first, so that a headline's bare surname finds the full name the text introduces.
        var textEntities = EntityLinker.Link(text.Text, text.Tokens, WithHyphenParts(text, names.Text), text.Names, storyCountry, Entity.InText, surnames, knowledge);
        var titleEntities = EntityLinker.Link(title.Text, title.Tokens, WithHyphenParts(title, names.Title), title.Names, storyCountry, Entity.InTitle, surnames, knowledge);
        return [.. titleEntities, .. textEntities];
    }

    /// <summary>Recognise, then drop the knowledge-base hits inside people's names and tally the country evidence.</summary>
    public static AnalysedStory Find(EntityRecognizer recognizer, NameCues cues, SpottedField title, SpottedField text)
    {
        var names = Recognize(recognizer, cues, title, text);
        title = title with { Names = WithoutNamesInsidePeople(title.Names, names.Title) };
        text = text with { Names = WithoutNamesInsidePeople(text.Names, names.Text) };
        return new AnalysedStory(title, text, names, CountryEvidenceBuilder.Tally(title.Text, title.Names, text.Text, text.Names));
    }

    /// <summary>
    /// The entities of a cleaned headline and text and the country evidence behind them: through the statistical
    /// recogniser when there is one, else from the knowledge base and cue guesses alone. Tagging and training both
    /// come here, so the country models learn from the evidence they will be given.
    /// </summary>
    public static AnalysedStory Analyse(EntitySpotter spotter, NameCues cues, EntityRecognizer? recognizer, string title, string text)
    {
        var titleTokens = Tokenizer.Tokenize(title);
        var textTokens = Tokenizer.Tokenize(text);
        var titleField = new SpottedField(title, titleTokens, spotter.Spot(title, titleTokens));
        var textField = new SpottedField(text, textTokens, spotter.Spot(text, textTokens));
        titleField = titleField with { Names = WithoutDocumentNames(titleField, cues) };
        textField = textField with { Names = WithoutDocumentNames(textField, cues) };
        if (recognizer is not null)
        {
            return Find(recognizer, cues, titleField, textField);
        }
        return new AnalysedStory(titleField, textField, null, CountryEvidenceBuilder.Tally(title, titleField.Names, text, textField.Names));
    }

    /// <summary>The story's entities: recognised names linked to countries, or the knowledge base's names where there is no recogniser.</summary>
    public static List<Entity> Entities(AnalysedStory story, string? storyCountry, KnowledgeBase knowledge) =>
        story.Recognized is { } names
            ? Link(names, story.Title, story.Text, storyCountry, knowledge)
            : [.. FromKnowledge(story.Title, Entity.InTitle), .. FromKnowledge(story.Text, Entity.InText)];

    /// <summary>Entities from the knowledge base and cue guesses alone, for model folders without a recogniser.</summary>
    private static IEnumerable<Entity> FromKnowledge(SpottedField field, string name) =>
        field.Names.Where(n => n.Kind is not (MentionKind.Adjective or MentionKind.Cue or MentionKind.Group))
            .Select(n => new Entity(field.Text[n.Start..n.End], n.Type, n.Start, n.End, n.Country, name));
}
