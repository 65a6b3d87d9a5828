using System.Globalization;
using System.Text;
using System.Text.Json;
using NewsClassifier.Internal.Intake;

namespace NewsClassifier;

/// <summary>What training the page line classifier produced: the model and card files written, and the held-out figures.</summary>
/// <param name="Report">A short text report: pages used, features, and the held-out figures.</param>
public sealed record PageTrainingResult(string ModelFile, string CardFile, string Report);

/// <summary>
/// Trains and scores the page line classifier from annotated pages (<c>*.page.tsv</c>, one CLASS&lt;TAB&gt;line per
/// line): the library side of <c>newsclf train-pages</c> and <c>evaluate-pages</c>. Bad fixtures throw
/// <see cref="InvalidDataException"/> naming the file and line; a page model that cannot be used, <see cref="PageModelException"/>.
/// </summary>
public static class PageTraining
{
    /// <summary>Trains on the pages outside the held-out layouts, scores the held-out ones, and writes the model and its card into <paramref name="outFolder"/> (card last).</summary>
    public static PageTrainingResult Train(string pagesFolder, string outFolder, int epochs, int seed, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        var fixtures = Read(pagesFolder);
        var train = fixtures.Where(f => !f.HeldOut).ToList();
        var heldOut = fixtures.Where(f => f.HeldOut).ToList();
        if (train.Count == 0)
        {
            throw new InvalidDataException($"every page in {pagesFolder} is in the held-out layouts; add pages of other layouts.");
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var model = PageLineTrainer.Train(train, epochs, seed, cancellationToken);
        var metrics = Score(heldOut, model, useRules: false).Metrics;
        var json = model.ToJson();
        var card = new PageModelCard
        {
            CreatedUtc = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            Sha256 = PageLineModel.Sha256(json),
            Epochs = epochs,
            Seed = seed,
            Features = model.Weights.Count(kv => kv.Value.Any(v => MathF.Abs(v) >= 1e-4f)),
            TrainingFolder = pagesFolder,
            TrainingPages = train.Count,
            HeldOutPages = heldOut.Count,
            HeldOutRule = PageFixture.HeldOutRule,
            HeldOut = metrics.ToDictionary(),
        };
        Directory.CreateDirectory(outFolder);
        // The card goes last: until it lands, the old card's checksum refuses a half-replaced model.
        var modelFile = Path.Combine(outFolder, PageLineModel.FileName);
        var cardFile = Path.Combine(outFolder, PageLineModel.CardFileName);
        AtomicFile.WriteAllText(modelFile, json);
        AtomicFile.WriteAllText(cardFile, card.ToJson() + "\n");
        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Trained on {train.Count} pages in {clock.Elapsed.TotalSeconds:0.0} s; wrote {modelFile} ({card.Features} features) and its card.")
            .Append(Describe($"Held-out pages ({heldOut.Count}, layouts never trained on)", metrics))
            .ToString();
        return new PageTrainingResult(modelFile, cardFile, report);
    }

    /// <summary>Scores page splitting on the annotated pages of a split ("heldout", "train" or "all"): text, or JSON with <paramref name="json"/>.</summary>
    /// <param name="modelFolder">A folder written by <see cref="Train"/>, or null for the model built into the library.</param>
    /// <param name="useRules">Score the layout rules the classifier replaced instead, for comparison.</param>
    public static string Evaluate(string pagesFolder, string? modelFolder, string split, bool useRules, bool perPage, bool json)
    {
        var fixtures = Read(pagesFolder);
        var model = modelFolder is { } dir ? PageLineModel.Load(dir) : PageLineModel.Embedded;
        var chosen = fixtures.Where(f => split == "all" || f.HeldOut == (split == "heldout")).ToList();
        var (metrics, results) = Score(chosen, model, useRules);
        if (json)
        {
            return JsonSerializer.Serialize(metrics.ToDictionary(), new JsonSerializerOptions { WriteIndented = true }) + "\n";
        }
        var sb = new StringBuilder(Describe($"{(useRules ? "Layout rules" : "Page line model")} on the {split} pages of {pagesFolder} ({chosen.Count} pages)", metrics));
        if (perPage)
        {
            foreach (var r in results)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"  {r.Name}: stories {r.Stories}, headlines {r.HeadlinesFound}, first {r.FirstKept}, last {r.LastKept}, output {r.Output}, spurious {r.Spurious}, furniture {r.FurnitureChars:P1}{(r.Lines > 0 ? $", lines {r.LinesRight}/{r.Lines}" : "")}");
            }
        }
        return sb.ToString();
    }

    private static List<PageFixture> Read(string folder)
    {
        try
        {
            return PageFixture.ReadFolder(folder);
        }
        catch (PageFixtureException ex)
        {
            throw new InvalidDataException(ex.Message, ex);
        }
    }

    private static (PageEvaluation.Metrics Metrics, List<PageEvaluation.PageResult> Results) Score(List<PageFixture> fixtures, PageLineModel model, bool useRules)
    {
        var results = new List<PageEvaluation.PageResult>();
        foreach (var page in fixtures)
        {
            if (useRules)
            {
                results.Add(PageEvaluation.Score(page, PageSplitter.Split(page.RawPage), null));
                continue;
            }
            var features = LineFeatures.Extract(page.Lines);
            var classes = model.Decode(features, page.Lines);
            PageStoryBuilder.PromoteOrphanHeadlines(page.Lines, classes);
            var stories = PageStoryBuilder.Build(page.Lines, classes).Select(b => b.Story).ToList();
            results.Add(PageEvaluation.Score(page, stories, classes));
        }
        return (PageEvaluation.Combine(results), results);
    }

    private static string Describe(string heading, PageEvaluation.Metrics m)
    {
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder().AppendLine(heading + ":");
        sb.AppendLine(ci, $"  headline found          {m.HeadlineRate:0.000} ({m.HeadlinesFound} of {m.Stories} stories)");
        sb.AppendLine(ci, $"  first sentence kept     {m.FirstRate:0.000} ({m.FirstKept} of {m.Stories})");
        sb.AppendLine(ci, $"  last words kept         {m.LastRate:0.000} ({m.LastKept} of {m.Stories})");
        sb.AppendLine(ci, $"  spurious stories        {m.SpuriousShare:0.000} ({m.Spurious} of {m.Output} output stories)");
        sb.AppendLine(ci, $"  furniture in stories    {m.FurnitureShare:0.000} of their length, on average");
        if (m.Lines > 0)
        {
            sb.AppendLine(ci, $"  line classes right      {m.LineAccuracy:0.000} ({m.LinesRight} of {m.Lines} lines)");
        }
        return sb.ToString();
    }


}
