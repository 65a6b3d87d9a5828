using Microsoft.ML.Data;

namespace NewsClassifier.Internal.Models;

/// <summary>Column names shared by training and inference, so that the two can never drift apart.</summary>
internal static class Columns
{
    public const string Title = nameof(TopicInput.Title);
    public const string Text = nameof(TopicInput.Text);
    public const string Lexicon = nameof(TopicInput.Lexicon);
    public const string Embedding = nameof(TopicInput.Embedding);
    public const string Features = "Features";
    public const string Label = "Label";
    public const string Probability = "Probability";
    public const string Score = "Score";
    public const string Probabilities = nameof(TopicOutput.Probabilities);

    /// <summary>The name of the column that carries one label's probability inside the topic model.</summary>
    public static string ProbabilityOf(string label) => "P:" + label;
}

/// <summary>The input row of the topic model.</summary>
internal sealed class TopicInput
{
    public const int LexiconSize = 12;

    public string Title { get; set; } = "";

    public string Text { get; set; } = "";

    [VectorType(LexiconSize)]
    public float[] Lexicon { get; set; } = new float[LexiconSize];

    // [embed] accurate mode: the sentence embedding of the story. Always in the schema (like Lexicon); the fast
    // model's featuriser never reads it, so it gets a shared zero vector that nothing writes to.
    public const int EmbeddingSize = 384;

    public static readonly float[] NoEmbedding = new float[EmbeddingSize];

    [VectorType(EmbeddingSize)]
    public float[] Embedding { get; set; } = NoEmbedding;
}

/// <summary>The output row of the topic model: one probability per label, in the order of the model's slot names.</summary>
internal sealed class TopicOutput
{
    public float[] Probabilities { get; set; } = [];
}

/// <summary>The input row of the country models: evidence features for one (story, country) pair.</summary>
internal sealed class CountryRow
{
    [VectorType(CountryFeatures.Count)]
    public float[] Features { get; set; } = new float[CountryFeatures.Count];

    public bool Label { get; set; }
}

/// <summary>The output of a country model.</summary>
internal sealed class CountryPrediction
{
    public float Probability { get; set; }
}
