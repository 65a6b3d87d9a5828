namespace NewsClassifier.Internal.Intake;

/// <summary>The one path from a page (text or HTML) to its stories and line verdicts, for every front end.</summary>
internal static class PageReader
{
    private const int ReasonsPerLine = 5;

    public static PageAnalysis Analyze(string raw, PageFormat format, PageLineModel model, bool withLines, bool withReasons)
    {
        var resolved = format == PageFormat.Auto ? (HtmlPage.LooksLikeHtml(raw) ? PageFormat.Html : PageFormat.Text) : format;
        var lines = resolved == PageFormat.Html ? HtmlPage.ToLines(raw) : PageLine.FromText(raw);
        var features = LineFeatures.Extract(lines);
        var emissions = model.Emissions(features);
        var classes = model.Decode(features, lines, emissions);
        PageStoryBuilder.PromoteOrphanHeadlines(lines, classes);
        var built = PageStoryBuilder.Build(lines, classes);
        var stories = built.Select(b => b.Story).ToList();
        if (!withLines)
        {
            return new PageAnalysis(stories, [], resolved);
        }
        var storyOf = new int?[lines.Count];
        for (var s = 0; s < built.Count; s++)
        {
            for (var i = built[s].First; i <= built[s].Last; i++)
            {
                storyOf[i] = s + 1;
            }
        }
        var verdicts = new List<PageLineVerdict>(lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            var given = classes[i];
            var runnerUp = -1;
            for (var c = 0; c < PageLineModel.Classes; c++)
            {
                if (c != given && (runnerUp < 0 || emissions[i][c] > emissions[i][runnerUp]))
                {
                    runnerUp = c;
                }
            }
            var reasons = withReasons ? model.Reasons(features[i], given, runnerUp, ReasonsPerLine) : [];
            var dropped = given == 4 && storyOf[i] is not null;
            verdicts.Add(new PageLineVerdict(lines[i].Number, lines[i].Text, (PageLineClass)given, (PageLineClass)runnerUp,
                MathF.Round(emissions[i][given] - emissions[i][runnerUp], 3), reasons, storyOf[i], dropped));
        }
        return new PageAnalysis(stories, verdicts, resolved);
    }
}
