namespace NewsClassifier.Internal.Intake;

/// <summary>
/// An annotated page (training-data/pages/NNN-layout.page.tsv): one page line per file line, "CLASS&lt;TAB&gt;text" with
/// CLASS one of H, S, B, T, F; blank page lines are empty; a first line starting "#&lt;TAB&gt;" describes the layout.
/// </summary>
internal sealed record PageFixture(string Name, string Layout, string RawPage, IReadOnlyList<PageLine> Lines, int[] Classes)
{
    public const string Extension = ".page.tsv";

    /// <summary>The fixtures of a folder, in name order.</summary>
    public static List<PageFixture> ReadFolder(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new PageFixtureException($"the folder {folder} does not exist; pass --pages with a folder of *{Extension} files.");
        }
        var files = Directory.GetFiles(folder, "*" + Extension).Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new PageFixtureException($"{folder} holds no *{Extension} files.");
        }
        return files.Select(f => Read(f, File.ReadAllText(f))).ToList();
    }

    public static PageFixture Read(string path, string content)
    {
        var name = Path.GetFileName(path);
        var fileLines = content.Replace("\r\n", "\n").Split('\n');
        if (fileLines.Length > 0 && fileLines[^1].Length == 0)
        {
            fileLines = fileLines[..^1];
        }
        var page = new List<string>();
        var labels = new List<char?>();
        for (var k = 0; k < fileLines.Length; k++)
        {
            var line = fileLines[k];
            if (k == 0 && line.StartsWith("#\t", StringComparison.Ordinal))
            {
                continue;
            }
            if (line.Trim().Length == 0)
            {
                page.Add("");
                labels.Add(null);
                continue;
            }
            var tab = line.IndexOf('\t');
            if (tab != 1 || ClassOf(line[0]) < 0)
            {
                throw new PageFixtureException($"{path}:{k + 1}: expected 'CLASS<TAB>text' with CLASS one of H, S, B, T, F, got '{Shorten(line)}'.");
            }
            page.Add(line[(tab + 1)..]);
            labels.Add(line[0]);
        }
        var raw = string.Join('\n', page);
        var lines = PageLine.FromText(raw);
        var classes = new int[lines.Count];
        for (var i = 0; i < lines.Count; i++)
        {
            var label = labels[lines[i].Number - 1];
            if (label is not { } letter)
            {
                throw new PageFixtureException($"{path}: page line {lines[i].Number} has text but no class.");
            }
            classes[i] = ClassOf(letter);
        }
        return new PageFixture(name, LayoutOf(name), raw, lines, classes);
    }

    /// <summary>The layout slug of a file name: "017-daily-briefing.page.tsv" gives "daily-briefing".</summary>
    public static string LayoutOf(string name)
    {
        var stem = name.EndsWith(Extension, StringComparison.Ordinal) ? name[..^Extension.Length] : name;
        var dash = stem.IndexOf('-');
        return dash > 0 && stem[..dash].All(char.IsAsciiDigit) ? stem[(dash + 1)..] : stem;
    }

    /// <summary>
    /// The fixed evaluation set: a page is held out when the FNV-1a hash of its layout slug falls in the lowest fifth,
    /// so every page of a held-out layout is unseen in training (the hidden pages come from outlets never seen).
    /// </summary>
    public bool HeldOut => StableHash.Fnv1a(Layout) % 10 < 2;

    public const string HeldOutRule = "layout slug's FNV-1a hash mod 10 < 2: all pages of a held-out layout";

    private static int ClassOf(char c) => PageLineModel.ClassOf(c);

    private static string Shorten(string s) => s.Length > 60 ? s[..60] + "..." : s;
}

/// <summary>An annotated page file that cannot be read; the message names the file and line.</summary>
internal sealed class PageFixtureException(string message) : Exception(message);
