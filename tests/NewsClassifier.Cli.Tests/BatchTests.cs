using System.Globalization;
using CsvHelper;

namespace NewsClassifier.Cli.Tests;

/// <summary>Issue #6: batch formats, sharding and ordering.</summary>
public class BatchTests
{
    private static string Batch(TempFolder temp, int count)
    {
        var lines = Enumerable.Range(0, count).Select(i => $"{{\"id\":\"story-{i}\",\"title\":\"Story {i}\",\"text\":\"Officials in Tashkent met the delegation number {i} to discuss gas supplies.\"}}");
        return temp.File("batch.jsonl", string.Join("\n", lines) + "\n");
    }

    [Fact]
    public async Task Should_KeepInputOrder_WithManyThreads()
    {
        using var temp = new TempFolder();
        var run = await CliRunner.Tag(Batch(temp, 300), "--threads", "4");

        Assert.Equal(Enumerable.Range(0, 300).Select(i => $"story-{i}"), run.JsonLines().Select(l => l.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Should_SplitIntoDisjointShards_ThatTogetherCoverEveryStory()
    {
        using var temp = new TempFolder();
        var input = Batch(temp, 200);

        var shards = new List<List<string>>();
        for (var i = 0; i < 3; i++)
        {
            var run = await CliRunner.Tag(input, "--shard", $"{i}/3");
            shards.Add(run.JsonLines().Select(l => l.GetProperty("id").GetString()!).ToList());
        }

        Assert.All(shards, s => Assert.NotEmpty(s));
        Assert.Equal(200, shards.Sum(s => s.Count));
        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"story-{i}").Order(), shards.SelectMany(s => s).Order());
        // Stable: the same shard twice gives the same stories.
        var again = await CliRunner.Tag(input, "--shard", "1/3");
        Assert.Equal(shards[1], again.JsonLines().Select(l => l.GetProperty("id").GetString()!).ToList());
    }

    [Fact]
    public async Task Should_RoundTripCsv_InAndOut()
    {
        using var temp = new TempFolder();
        var input = temp.File("in.csv", "id,title,text\n\"a,1\",\"Quote \"\"here\"\"\",\"Line one\nline two about the Rogun dam in Tajikistan.\"\nb,Second,Tokayev signed the law on Monday.\n");

        var run = await CliRunner.Tag(input, "--format", "csv");

        using var csv = new CsvReader(new StringReader(run.Stdout), CultureInfo.InvariantCulture);
        var rows = csv.GetRecords<dynamic>().Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(["a,1", "b"], rows.Select(r => (string)r["id"]));
        Assert.Equal("Quote \"here\"", rows[0]["title"]);
        Assert.Contains("score_energy", rows[0].Keys);
        Assert.Contains("primary_country", rows[0].Keys);
        Assert.Equal("TJ", rows[0]["primary_country"]);
        Assert.Equal("KZ", rows[1]["primary_country"]);
    }

    [Fact]
    public async Task Should_ShowOnlyTheBestScores_WithTopK()
    {
        var run = await CliRunner.Tag(CliRunner.Stories("kyrgyz-border.txt"), "--top-k", "1");

        var line = Assert.Single(run.JsonLines());
        Assert.Single(line.GetProperty("topicScores").EnumerateObject());
        Assert.True(line.GetProperty("countries").GetArrayLength() <= 1);
    }

    [Fact]
    public async Task Should_AssignEveryTopicAboveMinScore()
    {
        var run = await CliRunner.Tag(CliRunner.Stories("kyrgyz-border.txt"), "--min-score", "0");

        Assert.Equal(4, Assert.Single(run.JsonLines()).GetProperty("topics").GetArrayLength());
    }

    [Fact]
    public async Task Should_SplitAPage_AndCarryTheCleanedTextTheSpansPointInto()
    {
        using var temp = new TempFolder();
        var page = temp.File("page.txt", "• KZT/USD = 0.00195 -0%\n12 March 2026\n\nKazakhstan Raises Fuel Prices at the Pump\n\nFilling stations in Astana raised AI-92 prices by 5 tenge, the energy ministry said.\n\nTokayev Signs Law on Mine Safety Inspections\n\nPresident Tokayev signed amendments that give inspectors the right to close mines in the Karaganda region.\n");

        var run = await CliRunner.Tag(page, "--input-format", "page");

        var lines = run.JsonLines();
        Assert.Equal([$"{page}#1", $"{page}#2"], lines.Select(l => l.GetProperty("id").GetString()));
        foreach (var line in lines)
        {
            var text = line.GetProperty("text").GetString()!;
            var title = line.GetProperty("title").GetString()!;
            Assert.DoesNotContain("USD", text);
            foreach (var e in line.GetProperty("entities").EnumerateArray())
            {
                // Headline entities index the title, the others the text (issue #14).
                var field = e.GetProperty("field").GetString() == "title" ? title : text;
                Assert.Equal(e.GetProperty("text").GetString(), field[e.GetProperty("start").GetInt32()..e.GetProperty("end").GetInt32()]);
            }
        }
        Assert.Contains(lines[1].GetProperty("entities").EnumerateArray(), e => e.GetProperty("text").GetString() == "Tokayev" && e.GetProperty("country").GetString() == "KZ");
    }
}
