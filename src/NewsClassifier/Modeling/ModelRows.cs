using Microsoft.ML.Data;

using NewsClassifier.Internal.Models;

namespace NewsClassifier.Modeling;

/// <summary>Column names shared by training and inference, so that the two can never drift apart.</summary>
public static class Columns
{
    /// <summary>The headline column.</summary>
    public const string Title = nameof(TopicInput.Title);
    /// <summary>The body column.</summary>
    public const string Text = nameof(TopicInput.Text);
    /// <summary>The topic-lexicon counts column.</summary>
    public const string Lexicon = nameof(TopicInput.Lexicon);
    /// <summary>The sentence-embedding column (accurate models only).</summary>
    public const string Embedding = nameof(TopicInput.Embedding);
    /// <summary>The feature vector column.</summary>
    public const string Features = "Features";
    /// <summary>A binary learner's label column.</summary>
    public const string Label = "Label";
    /// <summary>A calibrated learner's probability column.</summary>
    public const string Probability = "Probability";
    /// <summary>A learner's raw score column.</summary>
    public const string Score = "Score";
    /// <summary>The topic model's output: one probability slot per label.</summary>
    public const string Probabilities = nameof(TopicOutput.Probabilities);

    /// <summary>The name of the column that carries one label's probability inside the topic model.</summary>
    public static string ProbabilityOf(string label) => "P:" + label;
}

/// <summary>The input row of the topic model (mutable because ML.NET fills it); build it with <see cref="StoryFeatures.ForTopics"/>.</summary>
public sealed class TopicInput
{
    /// <summary>Slots in the lexicon vector.</summary>
    public const int LexiconSize = 12;

    /// <summary>The normalised headline.</summary>
    public string Title { get; set; } = "";

    /// <summary>The normalised body.</summary>
    public string Text { get; set; } = "";

    /// <summary>Counts of topic-lexicon words (zeros for models trained without the lexicon).</summary>
    [VectorType(LexiconSize)]
    public float[] Lexicon { get; set; } = new float[LexiconSize];

    // Accurate mode: the sentence embedding of the story. Always in the schema (like Lexicon); the fast
    // model's featuriser never reads it, so it gets a shared zero vector that nothing writes to.
    /// <summary>Slots in the sentence-embedding vector.</summary>
    public const int EmbeddingSize = 384;

    /// <summary>The zero vector that models without embeddings are given.</summary>
    public static readonly float[] NoEmbedding = new float[EmbeddingSize];

    /// <summary>The sentence embedding of headline and story (zeros for models trained without embeddings).</summary>
    [VectorType(EmbeddingSize)]
    public float[] Embedding { get; set; } = NoEmbedding;
}

/// <summary>The output row of the topic model: one probability per label, in the order of the model's slot names.</summary>
public sealed class TopicOutput
{
    /// <summary>One probability per label.</summary>
    public float[] Probabilities { get; set; } = [];
}

/// <summary>The input row of the country models: evidence features for one (story, country) pair.</summary>
public sealed class CountryRow
{
    /// <summary>The evidence features, in the order of <see cref="StoryFeatures.CountryFeatureNames"/>.</summary>
    [VectorType(CountryFeatures.Count)]
    public float[] Features { get; set; } = new float[CountryFeatures.Count];

    /// <summary>The training label.</summary>
    public bool Label { get; set; }
}

/// <summary>The output of a country model.</summary>
public sealed class CountryPrediction
{
    /// <summary>The calibrated probability.</summary>
    public float Probability { get; set; }
}
