namespace NewsClassifier.Internal.Intake;

/// <summary>One non-blank line of a page, trimmed, with where it sat.</summary>
/// <param name="Number">1-based line number in the page as delivered (for HTML, the number of the extracted block).</param>
/// <param name="Text">The line, trimmed, with quotes, dashes, ellipses and spaces folded to plain forms.</param>
/// <param name="BlankBefore">A blank line (or the page start) precedes it.</param>
/// <param name="BlankAfter">A blank line (or the page end) follows it.</param>
/// <param name="Allowed">The classes the line may take (a bit per <see cref="PageLineClass"/>); all unless HTML structure says otherwise.</param>
internal readonly record struct PageLine(int Number, string Text, bool BlankBefore, bool BlankAfter, int Allowed = PageLine.AnyClass)
{
    /// <summary>Every class allowed.</summary>
    public const int AnyClass = 0b11111;

    /// <summary>Splits plain text into its non-blank lines, cleaned for the classifier.</summary>
    public static List<PageLine> FromText(string raw)
    {
        var lines = new List<PageLine>();
        var number = 0;
        var blank = true;
        var start = 0;
        while (start <= raw.Length)
        {
            var end = raw.IndexOf('\n', start);
            if (end < 0)
            {
                end = raw.Length;
            }
            number++;
            var text = Clean(raw.AsSpan(start, end - start));
            if (text.Length == 0)
            {
                blank = true;
                if (lines.Count > 0)
                {
                    lines[^1] = lines[^1] with { BlankAfter = true };
                }
            }
            else
            {
                lines.Add(new PageLine(number, text, blank, false));
                blank = false;
            }
            start = end + 1;
        }
        if (lines.Count > 0)
        {
            lines[^1] = lines[^1] with { BlankAfter = true };
        }
        return lines;
    }

    /// <summary>Folds typographic characters to plain ones and collapses white space, in one pass.</summary>
    public static string Clean(ReadOnlySpan<char> line)
    {
        var buffer = new char[line.Length * 3];
        var n = 0;
        var space = false;
        foreach (var c in line)
        {
            switch (c)
            {
                case '\u2018' or '\u2019' or '\u201A' or '\u201B' or '\u2032' or '\u02BC':
                    Put('\'');
                    break;
                case '\u201C' or '\u201D' or '\u201E' or '\u201F' or '\u2033' or '\u00AB' or '\u00BB':
                    Put('"');
                    break;
                case '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212':
                    Put('-');
                    break;
                case '\u2026':
                    Put('.');
                    Put('.');
                    Put('.');
                    break;
                case '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' or '\u00AD':
                    break;
                default:
                    if (char.IsWhiteSpace(c) || char.IsControl(c))
                    {
                        space = n > 0;
                    }
                    else
                    {
                        Put(c);
                    }
                    break;
            }
        }
        return n == 0 ? "" : new string(buffer, 0, n);

        void Put(char c)
        {
            if (space)
            {
                buffer[n++] = ' ';
                space = false;
            }
            buffer[n++] = c;
        }
    }
}
