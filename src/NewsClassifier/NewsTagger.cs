using NewsClassifier.Internal;
using NewsClassifier.Internal.Entities;
using NewsClassifier.Internal.Knowledge;
using NewsClassifier.Internal.Language;
using NewsClassifier.Internal.Models;
using NewsClassifier.Internal.Text;
using NewsClassifier.Modeling;

namespace NewsClassifier;

/// <summary>
/// Tags news stories with topics, countries and entities using the models of one folder.
/// Load once and share: every method is safe to call from many threads at once.
/// </summary>
public sealed class NewsTagger
{
    private readonly ModelBundle _models;
    private readonly KnowledgeBase _knowledge;
    private readonly EntitySpotter _spotter;

    private NewsTagger(ModelBundle models, KnowledgeBase knowledge, TaggerOptions options)
    {
        _models = models;
        _knowledge = knowledge;
        _spotter = new EntitySpotter(knowledge);
        Options = options;
    }

    /// <summary>The folder next to the running program where the shipped model is copied at build (by any project that references NewsClassifier).</summary>
    public static string DefaultModelFolder => Path.Combine(AppContext.BaseDirectory, "models");

    /// <summary>The card of the loaded model.</summary>
    public ModelCard Card => _models.Card;

    /// <summary>The folder the model was loaded from.</summary>
    public string ModelFolder => _models.Folder;

    /// <summary>The options this tagger applies.</summary>
    public TaggerOptions Options { get; }

    /// <summary>The topic labels the model predicts, in its output order.</summary>
    public IReadOnlyList<string> Labels => _models.Labels;

    /// <summary>Loads and verifies a model folder; throws <see cref="ModelLoadException"/> when it cannot be trusted.</summary>
    public static NewsTagger Load(string modelFolder, TaggerOptions? options = null) =>
        new(ModelBundle.Load(modelFolder), KnowledgeBase.Embedded, (options ?? new TaggerOptions()).Validate());

    /// <summary>Loads the model shipped with the library, copied beside the program at build; throws <see cref="ModelLoadException"/> when it is not there.</summary>
    public static NewsTagger LoadDefault(TaggerOptions? options = null) => Load(DefaultModelFolder, options);

    /// <summary>Returns a tagger that shares this one's models but applies other options.</summary>
    public NewsTagger With(TaggerOptions options) => new(_models, _knowledge, options.Validate());

    /// <summary>Tags one story. Never throws for bad content: such a story gets a result whose <see cref="TagResult.Error"/> says why.</summary>
    public TagResult Tag(NewsArticle article)
    {
        ArgumentNullException.ThrowIfNull(article);
        var id = string.IsNullOrEmpty(article.Id) ? "(no id)" : article.Id;
        if (Reject(article) is { } problem)
        {
            return TagResult.Failed(id, problem);
        }
        var title = TextNormalizer.Normalize(article.Title ?? "");
        var text = TextNormalizer.Normalize(article.Text ?? "");

        // The models read English only: a story in another language gets tags from the few English-looking words
        // it has, so it says so (or is refused when asked).
        var language = LanguageDetector.Detect(title, text);
        if (!language.IsSupported && Options.SkipUnsupportedLanguage)
        {
            return TagResult.Failed(id, language.Refusal);
        }

        var probabilities = TopicProbabilities(title, text);
        var topicScores = new Dictionary<string, float>(probabilities.Length, StringComparer.Ordinal);
        var topics = new List<TopicScore>();
        for (var k = 0; k < probabilities.Length; k++)
        {
            var label = _models.Labels[k];
            var p = Math.Clamp(probabilities[k], 0f, 1f);
            topicScores[label] = p;
            if (p >= ThresholdOf(label))
            {
                topics.Add(new TopicScore(label, p));
            }
        }
        topics.Sort((a, b) => b.Score.CompareTo(a.Score));

        var story = Analyse(title, text);
        var tallies = story.Tallies;
        var (countries, primary) = ScoreCountries(tallies, text.Length);
        var entities = EntityFinder.Entities(story, primary, _knowledge);

        return new TagResult
        {
            Id = id,
            Title = title.Length == 0 ? null : title,
            Text = text == article.Text ? null : text,
            Topics = topics,
            TopicScores = topicScores,
            Countries = countries,
            PrimaryCountry = primary,
            Entities = entities,
            Truncated = article.Truncated,
            Warnings = language.IsSupported ? [] : [language.Warning],
            Explanation = Options.Explain ? Explain(title, text, topics, tallies) : null,
        };
    }

    /// <summary>
    /// Tags one story cut from a scraped page (<see cref="NewsIntake.SplitPage(string)"/>): the result always carries the cleaned
    /// text its entity spans point into, and says whether the page cut the story off.
    /// </summary>
    /// <param name="id">The story's id; <see cref="NewsIntake.PageStoryId"/> makes the usual one.</param>
    public TagResult TagPageStory(string id, PageStory story)
    {
        ArgumentNullException.ThrowIfNull(story);
        var result = Tag(new NewsArticle(id, story.Text, story.Title));
        return result.Succeeded
            ? result with { Truncated = story.Truncated, Text = result.Text ?? story.Text, Published = story.Published, DroppedLines = story.DroppedLines }
            : result;
    }

    /// <summary>Tags a stream of stories on <see cref="TaggerOptions.Threads"/> threads; results come in input order, memory stays flat.</summary>
    public IAsyncEnumerable<TagResult> TagAsync(IAsyncEnumerable<NewsArticle> articles, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(articles);
        return OrderedParallel.SelectAsync(articles, Tag, Options.Threads, Options.Threads * 8, cancellationToken);
    }

    /// <summary>Tags a sequence of stories on <see cref="TaggerOptions.Threads"/> threads; results come in input order.</summary>
    public IAsyncEnumerable<TagResult> TagAsync(IEnumerable<NewsArticle> articles, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(articles);
        return TagAsync(articles.ToAsyncEnumerable(), cancellationToken);
    }

    /// <summary>
    /// The one way to tag what a <see cref="StoryReader"/> reads: one result per record, in input order, on
    /// <see cref="TaggerOptions.Threads"/> threads. Error records become failed results; records outside
    /// <see cref="TaggerOptions.Shard"/> are left out. <paramref name="summary"/>, when given, counts every record read.
    /// </summary>
    public IAsyncEnumerable<TagResult> TagAsync(IAsyncEnumerable<StoryRecord> records, RunSummary? summary, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        return OrderedParallel.SelectAsync(InShard(records, summary, cancellationToken), Tag, Options.Threads, Options.Threads * 8, cancellationToken);
    }

    /// <summary>Tags one record read by a <see cref="StoryReader"/>: an error record gives a failed result naming where it was.</summary>
    public TagResult Tag(StoryRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Error is { } error || record.Article is null)
        {
            return TagResult.Failed(record.Id, record.Error ?? "the record holds no story") with { Source = record.Source };
        }
        var result = Tag(record.Article) with { Source = record.Source };
        if (!result.Succeeded)
        {
            return result;
        }
        // A page story's text was cleaned out of the page: return it, since the spans point into it.
        result = record.ReturnsText ? result with { Text = result.Text ?? record.Article.Text } : result;
        return record.PageStory is { } page
            ? result with { Published = page.Published, DroppedLines = page.DroppedLines, PageLines = record.PageLines }
            : result;
    }

    private async IAsyncEnumerable<StoryRecord> InShard(IAsyncEnumerable<StoryRecord> records, RunSummary? summary, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            summary?.CountRead();
            if (Options.Shard is { } shard && !shard.Includes(record.Id))
            {
                summary?.CountOtherShard();
                continue;
            }
            yield return record;
        }
    }

    /// <summary>The probability a label must reach to be assigned under the current options.</summary>
    public float ThresholdOf(string label) =>
        Options.MinScore ?? (_models.Card.Thresholds.TryGetValue(label, out var t) ? t : 0.5f);

    private string? Reject(NewsArticle article)
    {
        var textLength = article.Text?.Length ?? 0;
        if (textLength > Options.MaxTextLength)
        {
            return $"the text has {textLength:N0} characters, more than the limit of {Options.MaxTextLength:N0} (raise the maximum text length to tag it)";
        }
        if (string.IsNullOrWhiteSpace(article.Text) && string.IsNullOrWhiteSpace(article.Title))
        {
            return "the story is empty: it has neither a title nor any text";
        }
        if (article.Text is { } t && LooksBinary(t))
        {
            return "the text looks like binary data, not a story (it is full of control characters)";
        }
        return null;
    }

    private static bool LooksBinary(string text)
    {
        var sample = text.AsSpan(0, Math.Min(text.Length, 4096));
        var control = 0;
        foreach (var c in sample)
        {
            if (c == '\0' || (char.IsControl(c) && c is not '\n' and not '\r' and not '\t') || c == '\uFFFD')
            {
                control++;
            }
        }
        return control > sample.Length / 10 + 1;
    }

    /// <summary>The topic model's input for a story, as <see cref="Tag(NewsArticle)"/> builds it (for tests that compare training and inference).</summary>
    internal TopicInput TopicInputOf(NewsArticle article) =>
        StoryFeatures.ForNormalizedTopics(TextNormalizer.Normalize(article.Title ?? ""), TextNormalizer.Normalize(article.Text ?? ""), _models.Card.UsesLexicon);

    private float[] TopicProbabilities(string title, string text)
    {
        // The same entry point training uses, so the model sees here what it was trained on; accurate models also get
        // the story's sentence embedding, the fast model the zero vector it was trained with.
        var input = StoryFeatures.ForNormalizedTopics(title, text, _models.Card.UsesLexicon);
        if (_models.Embedder is { } embedder)
        {
            input.Embedding = embedder.Embed(title, text);
        }
        return _models.ScoreTopics(input);
    }

    private (List<CountryScore> Countries, string? Primary) ScoreCountries(List<CountryTally> tallies, int textLength)
    {
        if (tallies.Count == 0)
        {
            return ([], null);
        }
        var scored = new List<(CountryTally Tally, float About, float Primary)>(tallies.Count);
        foreach (var tally in tallies)
        {
            var features = CountryFeatures.For(tally, tallies, textLength);
            if (_models.About is { } about && _models.Primary is { } primaryModel)
            {
                var row = new CountryRow { Features = features };
                scored.Add((tally, about.Predict(row).Probability, primaryModel.Predict(row).Probability));
            }
            else
            {
                // No country model in the folder (a generic 'newsclf train' model): rank by share of mentions.
                var share = CountryFeatures.Share(features);
                scored.Add((tally, share, share));
            }
        }
        var threshold = _models.Card.CountryModel?.Threshold ?? 0.25f;
        var best = scored.MaxBy(s => s.Primary);
        var countries = scored
            .Where(s => s.About >= threshold || s.Tally == best.Tally)
            .OrderByDescending(s => s.Tally == best.Tally)
            .ThenByDescending(s => s.About)
            .Select(s => new CountryScore(s.Tally.Code, _knowledge.CountryName(s.Tally.Code), Math.Clamp(s.About, 0f, 1f)))
            .ToList();
        return (countries, best.Tally.Code);
    }

    private AnalysedStory Analyse(string title, string text) =>
        EntityFinder.Analyse(_spotter, _knowledge.Cues, _models.Entities, title, text);

    private Explanation Explain(string title, string text, List<TopicScore> topics, List<CountryTally> tallies)
    {
        var terms = new Dictionary<string, IReadOnlyList<TermInfluence>>(StringComparer.Ordinal);
        if (topics.Count > 0)
        {
            var candidates = Occlusion.CandidateWords(title, text);
            var drops = topics.ToDictionary(t => t.Label, _ => new List<TermInfluence>());
            foreach (var word in candidates)
            {
                var without = TopicProbabilities(Occlusion.Remove(title, word), Occlusion.Remove(text, word));
                foreach (var topic in topics)
                {
                    // In log-odds, not probability: near 1.0 the probability barely moves however important the word is.
                    var drop = (float)(Occlusion.LogOdds(topic.Score) - Occlusion.LogOdds(without[IndexOf(topic.Label)]));
                    if (drop > Occlusion.MinLogOddsDrop)
                    {
                        drops[topic.Label].Add(new TermInfluence(word, drop));
                    }
                }
            }
            foreach (var (label, list) in drops)
            {
                terms[label] = list.OrderByDescending(t => t.Drop).ThenBy(t => t.Term, StringComparer.Ordinal).Take(Occlusion.TermsShown).ToList();
            }
        }
        var evidence = tallies.OrderByDescending(t => t.Mentions).Select(t => CountryEvidenceBuilder.ToPublic(t, _knowledge)).ToList();
        return new Explanation(terms, evidence);
    }

    private int IndexOf(string label)
    {
        for (var k = 0; k < _models.Labels.Count; k++)
        {
            if (_models.Labels[k] == label)
            {
                return k;
            }
        }
        return -1;
    }

    /// <summary>The country evidence of a story, without running the topic model.</summary>
    public IReadOnlyList<CountryEvidence> CountryEvidenceOf(NewsArticle article)
    {
        ArgumentNullException.ThrowIfNull(article);
        var title = TextNormalizer.Normalize(article.Title ?? "");
        var text = TextNormalizer.Normalize(article.Text ?? "");
        return Analyse(title, text).Tallies.Select(t => CountryEvidenceBuilder.ToPublic(t, _knowledge)).ToList();
    }
}
