using System.Text;

namespace NewsClassifier.Tests.Tagging;

/// <summary>Issue #11: TagAsync is the one way to tag a stream, and the run summary counts what went in and out independently.</summary>
[Collection(ShippedModelCollection.Name)]
public class TagStreamTests(ShippedModelFixture fixture)
{
    private static IAsyncEnumerable<StoryRecord> Jsonl(params string[] texts) =>
        StoryReader.ReadJsonlAsync(new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\n", texts.Select((t, i) => $"{{\"id\":\"s{i}\",\"text\":\"{t}\"}}")) + "\nnot json\n")), "in.jsonl");

    [Fact]
    public async Task Should_ShowALostRecord_When_AResultIsNotWritten()
    {
        // Given five stories and a bad line, and a writer that loses the third result
        var summary = new RunSummary(fixture.Tagger.Labels);
        var index = 0;

        // When tagged and "written"
        await foreach (var result in fixture.Tagger.TagAsync(Jsonl("Gas output rose at Tengiz.", "Floods in Osh.", "Court in Bishkek.", "Talks in Astana.", "Dam on the Vakhsh."), summary))
        {
            if (index++ != 2)
            {
                summary.CountWritten(result);
            }
        }

        // Then the summary's "in" and "out" disagree: the counters are independent, so the loss shows
        Assert.Equal(6, summary.Read);
        Assert.Equal(5, summary.Written);
        Assert.Equal(1, summary.Lost);
        Assert.Equal(1, summary.Failed);
        Assert.StartsWith("6 stories in, 5 records out, 1 failed", summary.Describe(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task Should_GiveOneResultPerRecord_InOrder_WithErrorsNamingTheirSource()
    {
        var results = new List<TagResult>();
        await foreach (var result in fixture.Tagger.With(new TaggerOptions { Threads = 2 }).TagAsync(Jsonl("One about Almaty.", "Two about Osh."), null))
        {
            results.Add(result);
        }

        Assert.Equal(["s0", "s1", "in.jsonl:3"], results.Select(r => r.Id));
        Assert.Equal("in.jsonl:3", results[2].Source);
        Assert.False(results[2].Succeeded);
    }

    [Fact]
    public async Task Should_SetTruncatedAndReturnTheText_ForPageStories()
    {
        var page = StoryReader.ReadPageAsync(File.OpenRead(TestPaths.TestData("pages", "author-page.txt")), "page.txt");

        var results = new List<TagResult>();
        await foreach (var result in fixture.Tagger.TagAsync(page, null))
        {
            results.Add(result);
        }

        Assert.Contains(results, r => r.Truncated);
        Assert.All(results, r => Assert.NotNull(r.Text));
    }

    [Fact]
    public async Task Should_TagAPlainSequenceOfArticles()
    {
        NewsArticle[] articles = [new("a", Text: "Kazakhstan raised gas exports to China.", Title: "Gas exports rise"), new("b", Text: "A court in Osh jailed an official.")];

        var ids = new List<string>();
        await foreach (var result in fixture.Tagger.TagAsync(articles))
        {
            ids.Add(result.Id);
        }

        Assert.Equal(["a", "b"], ids);
    }

    [Fact]
    public async Task Should_LeaveOtherShardsOut_AndCountThem()
    {
        var summary = new RunSummary(fixture.Tagger.Labels);
        var tagger = fixture.Tagger.With(new TaggerOptions { Shard = new Shard(0, 2) });
        var written = 0;
        await foreach (var result in tagger.TagAsync(Jsonl("a", "b", "c", "d", "e", "f", "g", "h"), summary))
        {
            summary.CountWritten(result);
            written++;
        }

        Assert.Equal(9, summary.Read);
        Assert.Equal(written, summary.Written);
        Assert.Equal(9 - written, summary.OtherShards);
        Assert.Equal(0, summary.Lost);
        Assert.InRange(written, 1, 8);
    }
}

/// <summary>Issue #11: --explain named no words for confident topics (occlusion in probability saturates near 1.0).</summary>
[Collection(ShippedModelCollection.Name)]
public class ExplainTests(ShippedModelFixture fixture)
{
    [Fact]
    public void Should_NameWordsForEveryAssignedTopic_When_TheModelIsConfident()
    {
        // Given a story the model is sure about (energy scores above 0.999)
        const string title = "Turkmenistan raises gas exports to China as new pipeline section opens";
        const string body = "Turkmenistan increased natural gas deliveries to China this month after a new section of the Central Asia-China "
            + "gas pipeline began operating, the state gas company said. The pipeline carries gas from the Galkynysh field through "
            + "Uzbekistan and Kazakhstan. Energy officials said gas exports would rise by a fifth this year and that a fourth pipeline "
            + "line was planned to carry more gas, while new compressor stations would lift output from the gas fields.";
        var tagger = fixture.Tagger.With(new TaggerOptions { Explain = true });

        // When explained
        var result = tagger.Tag(new NewsArticle("confident", body, title));

        // Then every assigned topic, however confident, names the words behind it
        Assert.NotEmpty(result.Topics);
        Assert.Contains(result.Topics, t => t.Score > 0.999f);
        Assert.All(result.Topics, t => Assert.NotEmpty(result.Explanation!.TopicTerms[t.Label]));
        Assert.Contains(result.Explanation!.TopicTerms["energy"], t => t.Term is "gas" or "pipeline" or "energy");
    }
}
