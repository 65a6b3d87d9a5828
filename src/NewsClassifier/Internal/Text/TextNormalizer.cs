using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace NewsClassifier.Internal.Text;

/// <summary>Cleans raw story text: HTML, Unicode form, quotes, dashes and white space.</summary>
internal static partial class TextNormalizer
{
    /// <summary>Returns the cleaned text; paragraphs stay separated by one blank line.</summary>
    public static string Normalize(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var text = raw;
        if (LooksLikeHtml(text))
        {
            text = StripHtml(text);
        }
        if (text.Contains('&'))
        {
            text = WebUtility.HtmlDecode(text);
        }
        if (!text.IsNormalized(NormalizationForm.FormC))
        {
            text = text.Normalize(NormalizationForm.FormC);
        }

        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            sb.Append(FoldChar(c));
        }
        return CollapseWhitespace(sb.ToString());
    }

    /// <summary>Maps one character to its plain form, or to nothing for invisible ones.</summary>
    internal static string FoldChar(char c) => c switch
    {
        '\u2018' or '\u2019' or '\u201A' or '\u201B' or '\u2032' or '\u02BC' => "'",
        '\u201C' or '\u201D' or '\u201E' or '\u201F' or '\u2033' or '\u00AB' or '\u00BB' => "\"",
        '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212' => "-",
        '\u2026' => "...",
        '\u00A0' or '\u2007' or '\u202F' or '\t' or '\v' or '\f' => " ",
        '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' or '\u00AD' => "",
        '\r' => "\n",
        '\u2028' or '\u2029' or '\u0085' => "\n",
        _ when char.IsControl(c) && c != '\n' => "",
        _ when CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.SpaceSeparator => " ",
        _ => c.ToString(),
    };

    private static bool LooksLikeHtml(string text) => HtmlTagProbe().IsMatch(text);

    private static string StripHtml(string html)
    {
        var text = ScriptOrStyle().Replace(html, " ");
        text = HtmlComment().Replace(text, " ");
        text = BlockBreak().Replace(text, "\n\n");
        text = AnyTag().Replace(text, "");
        return text;
    }

    private static string CollapseWhitespace(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var sb = new StringBuilder(text.Length);
        var blankRun = 0;
        foreach (var rawLine in lines)
        {
            var line = SpaceRun().Replace(rawLine, " ").Trim();
            if (line.Length == 0)
            {
                blankRun++;
                continue;
            }
            if (sb.Length > 0)
            {
                sb.Append(blankRun > 0 ? "\n\n" : "\n");
            }
            sb.Append(line);
            blankRun = 0;
        }
        return sb.ToString();
    }

    [GeneratedRegex(@"<\s*(p|br|div|span|a|h[1-6]|li|ul|html|body|article|section|script|style|b|i|em|strong)\b[^>]*>|</\s*[a-z][a-z0-9]*\s*>", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlTagProbe();

    [GeneratedRegex(@"<(script|style)\b[^>]*>.*?</\1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex ScriptOrStyle();

    [GeneratedRegex(@"<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex HtmlComment();

    [GeneratedRegex(@"<\s*(br\s*/?|/p|/div|/h[1-6]|/li|/article|/section|/tr|p\b[^>]*|h[1-6]\b[^>]*)\s*>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockBreak();

    [GeneratedRegex(@"<[^>]{0,2000}>")]
    private static partial Regex AnyTag();

    [GeneratedRegex(@"[ ]{2,}")]
    private static partial Regex SpaceRun();
}
