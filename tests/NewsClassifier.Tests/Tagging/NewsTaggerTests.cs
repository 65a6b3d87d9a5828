namespace NewsClassifier.Tests.Tagging;

[Collection(ShippedModelCollection.Name)]
public class NewsTaggerTests(ShippedModelFixture fixture)
{
    private readonly NewsTagger _tagger = fixture.Tagger;

    private static readonly NewsArticle Pipeline = new(
        "pipeline",
        "ASTANA - Kazakh President Kassym-Jomart Tokayev and Chinese leader Xi Jinping agreed on Tuesday to expand the capacity of a gas pipeline from Beineu to Shymkent, QazaqGaz said after talks in Astana. Energy ministers signed an intergovernmental agreement on extra gas supplies for the winter.",
        "Kazakhstan and China agree to expand gas pipeline");

    [Fact]
    public void Should_ReturnEveryField_ForAStory()
    {
        var result = _tagger.Tag(Pipeline);

        Assert.True(result.Succeeded);
        Assert.Equal("pipeline", result.Id);
        Assert.Equal(_tagger.Labels.Order(), result.TopicScores.Keys.Order());
        Assert.All(result.TopicScores.Values, s => Assert.InRange(s, 0f, 1f));
        Assert.All(result.Topics, t => Assert.True(t.Score >= _tagger.ThresholdOf(t.Label)));
        Assert.Contains(result.Topics, t => t.Label == "energy");
        Assert.Equal("KZ", result.PrimaryCountry);
        Assert.Contains(result.Countries, c => c.Code == "CN");
        Assert.Contains(result.Entities, e => e.Text == "Kassym-Jomart Tokayev" && e.Type == EntityType.Person && e.Country == "KZ");
    }

    [Fact]
    public void Should_AssignOnlyTopicsAboveTheirThreshold_And_AllowNone()
    {
        var result = _tagger.Tag(new NewsArticle("sport", "The Kazakh national volleyball team beat Japan 3-1 in a friendly in Almaty on Sunday. The coach praised the young setters and said the squad would travel to Bangkok for the Asian Cup.", "Volleyball: Kazakhstan beat Japan in Almaty friendly"));

        Assert.True(result.Succeeded);
        Assert.Empty(result.Topics);
    }

    [Fact]
    public void Should_PointEntitySpansIntoTheText()
    {
        var result = _tagger.Tag(Pipeline);
        var text = result.Text ?? Pipeline.Text;

        Assert.NotEmpty(result.Entities);
        Assert.All(result.Entities, e => Assert.Equal(e.Text, (e.Field == Entity.InTitle ? result.Title! : text)[e.Start..e.End]));
        Assert.Contains(result.Entities, e => e.Field == Entity.InText);
    }

    [Fact]
    public void Should_ReturnCleanedText_Only_When_ItDiffersFromTheInput()
    {
        Assert.Null(_tagger.Tag(Pipeline).Text);

        var curly = _tagger.Tag(new NewsArticle("q", "Tokayev said: \u201Cwe will act\u201D.", "T"));
        Assert.Equal("Tokayev said: \"we will act\".", curly.Text);
    }

    [Theory]
    [InlineData("", "", "empty")]
    [InlineData("   \n\t ", null, "empty")]
    public void Should_ReturnAnErrorRecord_ForEmptyStories(string text, string? title, string reason)
    {
        var result = _tagger.Tag(new NewsArticle("x", text, title));

        Assert.False(result.Succeeded);
        Assert.Contains(reason, result.Error);
    }

    [Fact]
    public void Should_RefuseStoriesAboveTheSizeLimit_WithAMessageSayingHowToRaiseIt()
    {
        var small = _tagger.With(new TaggerOptions { MaxTextLength = 100 });

        var result = small.Tag(new NewsArticle("big", new string('a', 101), "Title"));

        Assert.False(result.Succeeded);
        Assert.Contains("101", result.Error);
        Assert.Contains("raise the maximum text length", result.Error);
        Assert.DoesNotContain("--", result.Error); // issue #11: a library message never names a CLI flag
    }

    [Fact]
    public void Should_RefuseBinaryText()
    {
        var binary = new string(Enumerable.Range(0, 400).Select(i => (char)(i % 8)).ToArray());

        var result = _tagger.Tag(new NewsArticle("bin", binary, null));

        Assert.False(result.Succeeded);
        Assert.Contains("binary", result.Error);
    }

    [Fact]
    public void Should_TagATitleOnlyStory()
    {
        var result = _tagger.Tag(new NewsArticle("t", "", "Earthquake of magnitude 5.8 shakes Dushanbe, no casualties reported"));

        Assert.True(result.Succeeded);
        Assert.Equal("TJ", result.PrimaryCountry);
    }

    [Fact]
    public void Should_UseMinScoreInsteadOfThresholds_When_Given()
    {
        var all = _tagger.With(new TaggerOptions { MinScore = 0f }).Tag(Pipeline);

        Assert.Equal(_tagger.Labels.Count, all.Topics.Count);
    }

    [Fact]
    public void Should_GiveTheSameResults_From16Threads_AsSequentially()
    {
        var stories = Enumerable.Range(0, 64).Select(i => Pipeline with { Id = $"s{i}", Text = Pipeline.Text + $" Clause {i}." }).ToList();
        var sequential = stories.Select(_tagger.Tag).ToList();

        var parallel = new TagResult[stories.Count];
        Parallel.For(0, stories.Count, new ParallelOptions { MaxDegreeOfParallelism = 16 }, i => parallel[i] = _tagger.Tag(stories[i]));

        for (var i = 0; i < stories.Count; i++)
        {
            Assert.Equal(sequential[i].TopicScores, parallel[i].TopicScores);
            Assert.Equal(sequential[i].Countries, parallel[i].Countries);
            Assert.Equal(sequential[i].Entities, parallel[i].Entities);
        }
    }

    [Fact]
    public async Task Should_KeepInputOrder_When_TaggingAStream()
    {
        var stories = Enumerable.Range(0, 100).Select(i => Pipeline with { Id = $"s{i}" }).ToList();

        var ids = new List<string>();
        await foreach (var result in _tagger.With(_tagger.Options with { Threads = 4 }).TagAsync(stories.ToAsyncEnumerable()))
        {
            ids.Add(result.Id);
        }

        Assert.Equal(stories.Select(s => s.Id), ids);
    }

    [Fact]
    public void Should_Explain_TopicsByWords_And_CountriesByEvidence()
    {
        var result = _tagger.With(new TaggerOptions { Explain = true }).Tag(Pipeline);

        Assert.NotNull(result.Explanation);
        var energy = result.Explanation.TopicTerms["energy"];
        Assert.Contains(energy, t => t.Term is "gas" or "pipeline" or "energy");
        var kz = Assert.Single(result.Explanation.Countries, c => c.Code == "KZ");
        Assert.True(kz.InHeadline);
        Assert.Contains("Tokayev", string.Join(" ", kz.Via));
    }
}
