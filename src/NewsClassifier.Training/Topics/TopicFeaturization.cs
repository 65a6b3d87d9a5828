namespace NewsClassifier.Training.Topics;

/// <summary>How stories become feature vectors; every choice here was measured (see the model card and README).</summary>
/// <param name="UseLexicon">Add counts of the curated topic lexicon. Off by default: measured on real news (Wikinews) it
/// lowered macro-F1 from 0.738 to 0.668, because it counts topic words that are only mentioned in passing.</param>
/// <param name="UseCharGrams">Add character 4-grams of the body. Off by default: they made featurisation four times slower
/// (0.99 against 0.25 ms a story) for no gain (Wikinews macro-F1 0.779 with them, 0.787 without; corpus test 0.974, 0.976).</param>
/// <param name="WordNgrams">Longest word n-gram (1 or 2).</param>
/// <param name="MinDocuments">A feature must occur in at least this many training stories.</param>
/// <param name="TfIdf">Weight word n-grams by TF-IDF instead of term frequency. On by default: on real news (Wikinews)
/// accuracy on "none" rose from 0.927 to 0.964 at equal macro-F1, and the seed pages went from 6 to 7 of 11 exact.</param>
/// <param name="Embeddings">The sentence-embedding model whose vector of the story joins the features ("arctic-xs",
/// "minilm"), or null for none (the fast model). See the README's "accurate model".</param>
public sealed record TopicFeaturization(bool UseLexicon = false, bool UseCharGrams = false, int WordNgrams = 2, int MinDocuments = 2, bool TfIdf = true,
    string? Embeddings = null)
{
    /// <summary>The settings as name and value, for the model card.</summary>
    public IReadOnlyDictionary<string, string> Describe() => new Dictionary<string, string>
    {
        ["lexicon"] = UseLexicon.ToString().ToLowerInvariant(),
        ["charNgrams"] = UseCharGrams ? "4" : "none",
        ["wordNgrams"] = WordNgrams.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["minDocuments"] = MinDocuments.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["titleFeatures"] = "separate bag of words and bigrams",
        ["stopWords"] = "English",
        ["norm"] = "L2",
        ["weighting"] = TfIdf ? "tf-idf" : "tf",
        ["embeddings"] = Embeddings ?? "none",
    };
}
