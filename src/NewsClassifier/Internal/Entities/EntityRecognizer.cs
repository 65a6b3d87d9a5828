using NewsClassifier.Internal.Knowledge;
using NewsClassifier.Internal.Text;

namespace NewsClassifier.Internal.Entities;

/// <summary>A name the recogniser found: its span in the text and its type.</summary>
internal readonly record struct RecognizedName(int Start, int End, EntityType Type);

/// <summary>One text prepared for the recogniser: tokens, what the knowledge base spotted, and (for training) the gold tags.</summary>
internal sealed record RecognizerInput(string Text, List<Token> Tokens, IReadOnlyList<SpottedName> Spotted, IReadOnlySet<string> LowerWords, bool IsTitle)
{
    /// <summary>The gold BIO tag of every token, when the text is annotated.</summary>
    public int[]? Gold { get; init; }
}

/// <summary>
/// A statistical entity recogniser: greedy left-to-right BIO tagging with an averaged perceptron (the classic
/// design of spaCy v1's and Catalyst's recognisers). It finds names the knowledge base does not list and learns
/// when a knowledge-base hit is not a name ("Rome" in "Rome Statute"); the knowledge base still decides links.
/// </summary>
internal sealed class EntityRecognizer(AveragedPerceptron model)
{
    public AveragedPerceptron Model { get; } = model;

    public List<RecognizedName> Recognize(RecognizerInput input, NameCues cues)
    {
        var features = new EntityFeatures(input.Text, input.Tokens, input.Spotted, cues, input.LowerWords, input.IsTitle);
        var tags = Decode(features, Model, gold: null);
        return Spans(input.Tokens, tags);
    }

    /// <summary>Trains a recogniser; every epoch visits the texts in a new seeded order.</summary>
    public static EntityRecognizer Train(IReadOnlyList<RecognizerInput> texts, NameCues cues, int epochs, int seed, CancellationToken cancellationToken)
    {
        var model = new AveragedPerceptron(EntityTags.Count);
        var prepared = texts.Where(t => t.Gold is not null)
            .Select(t => (Features: new EntityFeatures(t.Text, t.Tokens, t.Spotted, cues, t.LowerWords, t.IsTitle), Gold: t.Gold!))
            .ToList();
        var random = new Random(seed);
        var order = Enumerable.Range(0, prepared.Count).ToArray();
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (var k in order)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Decode(prepared[k].Features, model, prepared[k].Gold);
            }
        }
        model.Average();
        return new EntityRecognizer(model);
    }

    /// <summary>Tags every token greedily; with <paramref name="gold"/> it also learns from each mistake.</summary>
    private static int[] Decode(EntityFeatures features, AveragedPerceptron model, int[]? gold)
    {
        var tags = new int[features.Count];
        var buffer = new List<ulong>(64);
        Span<float> scores = stackalloc float[EntityTags.Count];
        int previous = EntityTags.Outside, beforePrevious = EntityTags.Outside;
        for (var i = 0; i < features.Count; i++)
        {
            if (previous == EntityTags.Outside && features.IsPlainlyOutside(i))
            {
                beforePrevious = previous;
                continue; // tags[i] stays Outside
            }
            features.For(i, previous, beforePrevious, buffer);
            var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(buffer);
            model.Score(span, scores);
            var guess = AveragedPerceptron.ArgMax(scores);
            if (gold is not null)
            {
                model.Update(span, gold[i], guess);
                guess = gold[i]; // teacher forcing: the true history while learning measured better (F1 0.886 against 0.876) than the predicted one
            }
            var tag = EntityTags.Repair(features.StartsLine(i) ? EntityTags.Outside : previous, guess);
            tags[i] = tag;
            beforePrevious = previous;
            previous = tag;
        }
        return tags;
    }

    /// <summary>Turns BIO tags into spans.</summary>
    internal static List<RecognizedName> Spans(List<Token> tokens, int[] tags)
    {
        var names = new List<RecognizedName>();
        for (var i = 0; i < tags.Length;)
        {
            if (!EntityTags.IsBegin(tags[i]))
            {
                i++;
                continue;
            }
            var type = EntityTags.TypeOf(tags[i]);
            var j = i + 1;
            while (j < tags.Length && tags[j] == EntityTags.Inside(type))
            {
                j++;
            }
            names.Add(new RecognizedName(tokens[i].Start, tokens[j - 1].End, type));
            i = j;
        }
        return names;
    }

    /// <summary>The gold tag of each token from annotated spans; a span that does not fall on token boundaries is left out.</summary>
    internal static int[] GoldTags(List<Token> tokens, IEnumerable<RecognizedName> spans)
    {
        var tags = new int[tokens.Count];
        foreach (var span in spans)
        {
            var first = tokens.FindIndex(t => t.Start == span.Start);
            var last = tokens.FindIndex(t => t.End == span.End);
            if (first < 0 || last < first)
            {
                continue;
            }
            tags[first] = EntityTags.Begin(span.Type);
            for (var k = first + 1; k <= last; k++)
            {
                tags[k] = EntityTags.Inside(span.Type);
            }
        }
        return tags;
    }

    /// <summary>The words a story uses in lower case: a capitalised word also used that way is less likely a name.</summary>
    internal static HashSet<string> LowerCaseWords(string title, string text, List<Token> titleTokens, List<Token> textTokens)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (source, tokens) in new[] { (title, titleTokens), (text, textTokens) })
        {
            foreach (var token in tokens)
            {
                if (token.Kind == TokenKind.Word && char.IsLower(source[token.Start]))
                {
                    words.Add(token.TextIn(source));
                }
            }
        }
        return words;
    }
}
