using System.Text;
using System.Text.Json;

namespace NewsClassifier.Benchmarks;

/// <summary>Stories for the benchmarks, read at run time from the corpus copied next to the executable.</summary>
internal static class BenchmarkCorpus
{
    /// <summary>The targets are for ~300-word stories; these bounds pick the corpus stories closest to that (mean ~285 words).</summary>
    public const int MinWords = 270;

    public const int MaxWords = 340;

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    private static readonly Lazy<IReadOnlyList<NewsArticle>> Pool = new(ReadPool);

    /// <summary>The corpus stories of about 300 words (title and text together).</summary>
    public static IReadOnlyList<NewsArticle> Stories => Pool.Value;

    /// <summary>The story whose length is closest to 300 words.</summary>
    public static NewsArticle OneStory => Stories.MinBy(s => Math.Abs(Words(s) - 300))!;

    /// <summary><paramref name="count"/> stories cycled from the pool, each with a fresh id as a batch job would see them.</summary>
    public static List<NewsArticle> Batch(int count) =>
        Enumerable.Range(0, count).Select(i => Stories[i % Stories.Count] with { Id = $"bench-{i:D7}" }).ToList();

    /// <summary>A scraped article page: a currency ticker and a date, then several stories as headline and paragraphs.</summary>
    public static string Page(int stories)
    {
        var page = new StringBuilder();
        foreach (var pair in new[] { "KGS/USD = 0.01150 0%", "KZT/USD = 0.00195 -0%", "UZS/USD = 0.00008 0%" })
        {
            page.Append("  • ").AppendLine(pair);
        }
        page.AppendLine("3 March 2026").AppendLine();
        foreach (var story in Stories.Take(stories))
        {
            page.AppendLine(story.Title).AppendLine().AppendLine(story.Text).AppendLine();
        }
        return page.ToString();
    }

    /// <summary>An HTML section page: navigation, then each story as an article card with its headline and first paragraph.</summary>
    public static string HtmlPage(int stories)
    {
        var page = new StringBuilder("<!DOCTYPE html><html><head><title>Section</title></head><body><nav><a>Home</a> <a>News</a> <a>Business</a></nav><h1>Latest</h1>");
        foreach (var story in Stories.Take(stories))
        {
            var first = story.Text.Split("\n\n")[0];
            page.Append("<article><h2><a>").Append(System.Net.WebUtility.HtmlEncode(story.Title)).Append("</a></h2><p>")
                .Append(System.Net.WebUtility.HtmlEncode(first)).Append("</p><span>3 March 2026</span></article>");
        }
        return page.Append("<footer><p>Portal 2026</p></footer></body></html>").ToString();
    }

    private static int Words(NewsArticle story) =>
        $"{story.Title} {story.Text}".Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    private static List<NewsArticle> ReadPool()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "corpus.jsonl");
        var pool = File.ReadLines(path)
            .Where(line => line.Length > 0)
            .Select(line => JsonSerializer.Deserialize<CorpusRow>(line, JsonOptions)!)
            .Select(row => new NewsArticle(row.Id, row.Text, row.Title))
            .Where(story => Words(story) is >= MinWords and <= MaxWords)
            .ToList();
        return pool.Count > 0 ? pool : throw new InvalidDataException($"{path} has no story of {MinWords}-{MaxWords} words to benchmark with.");
    }

    private sealed record CorpusRow(string Id, string Title, string Text);
}
