using System.Collections.Concurrent;
using NewsClassifier.Internal.Models;
using NewsClassifier.Internal.Text;

namespace NewsClassifier.Modeling;

/// <summary>
/// The sentence embeddings of the stories a training run sees, computed once on every core and kept: the
/// topic model, its thresholds and its evaluation all read the same story several times, and an embedding
/// costs about a thousand times more than its TF-IDF features.
/// </summary>
public sealed class StoryEmbeddings : IDisposable
{
    private readonly SentenceEmbedder _embedder;
    private readonly ConcurrentDictionary<(string Title, string Text), float[]> _cache = new();

    private StoryEmbeddings(SentenceEmbedder embedder) => _embedder = embedder;

    /// <summary>The names <c>newsclf train --embeddings</c> accepts.</summary>
    public static IReadOnlyCollection<string> Names => SentenceEmbedder.Known.Keys.ToList();

    /// <summary>Loads the named embedding model from this build; throws <see cref="ArgumentException"/> naming the known ones otherwise.</summary>
    public static StoryEmbeddings Load(string name) => new(SentenceEmbedder.Load(name));

    /// <summary>The card entry for the model.</summary>
    public EmbeddingModelInfo Info => _embedder.Describe();

    /// <summary>Embeds every story not yet embedded, on all cores.</summary>
    public void Precompute(IEnumerable<(string Title, string Text)> stories, CancellationToken cancellationToken = default)
    {
        var missing = stories.Distinct().Where(k => !_cache.ContainsKey(k)).ToList();
        Parallel.ForEach(missing, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount },
            key => _cache[key] = Embed(key));
    }

    /// <summary>The embedding of one story, computed now if it was not precomputed.</summary>
    public float[] Of(string title, string text) => _cache.GetOrAdd((title, text), Embed);

    // The tagger embeds the normalised text, so training does too.
    private float[] Embed((string Title, string Text) story) =>
        _embedder.Embed(TextNormalizer.Normalize(story.Title), TextNormalizer.Normalize(story.Text));

    /// <inheritdoc/>
    public void Dispose() => _embedder.Dispose();
}
