using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace NewsClassifier.Internal.Intake;

/// <summary>
/// Turns an HTML page into the block-level lines the page line classifier reads, as a scraper's text would look:
/// one line per paragraph, heading, list item or cell. Structure the text cannot show is kept as constraints:
/// text inside nav, aside and the page's own header and footer can only be furniture, and the page's headline
/// (its h1 when it agrees with og:title or stands alone over an article, else the line equal to og:title) can only be a headline.
/// Captions (figcaption) and elements whose class or id names chrome (share, tags, related, byline, pager...) can only be furniture; a paragraph of a dozen words or more ending a sentence inside an article element can only be text.
/// </summary>
internal static partial class HtmlPage
{
    private const int Headline = 1 << 0, Furniture = 1 << 4, TextOnly = 0b01110;

    private static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "template", "svg", "iframe", "object", "canvas", "head", "select", "math",
    };

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
        "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody",
        "thead", "tfoot", "tr", "td", "th", "ul", "br", "body", "caption", "details", "summary", "menu", "option", "button", "label",
    };

    /// <summary>True when the text is HTML markup rather than a page's visible text.</summary>
    public static bool LooksLikeHtml(string text)
    {
        var head = text.Length > 4096 ? text[..4096] : text;
        return DocumentStart().IsMatch(head) || (BlockTag().Count(head) >= 3 && head.Contains("</", StringComparison.Ordinal));
    }

    public static List<PageLine> ToLines(string html)
    {
        var parser = new HtmlParser(new HtmlParserOptions { IsScripting = false });
        using var document = parser.ParseDocument(html);
        var ogTitle = Clean(document.QuerySelector("meta[property='og:title']")?.GetAttribute("content")
            ?? document.QuerySelector("meta[name='twitter:title']")?.GetAttribute("content"));
        var h1s = document.QuerySelectorAll("h1").Select(h => Clean(h.TextContent)).Where(t => t.Length > 0).ToList();
        var walker = new Walker();
        if (document.Body is { } body)
        {
            walker.Visit(body, furnitureOnly: false, inH1: false);
        }
        walker.Flush();
        var headline = PickHeadline(h1s, ogTitle, document.QuerySelector("article p") is not null);
        var lines = new List<PageLine>(walker.Lines.Count);
        var headlineUsed = false;
        for (var k = 0; k < walker.Lines.Count; k++)
        {
            var (text, furnitureOnly, inH1, articleParagraph) = walker.Lines[k];
            var allowed = furnitureOnly ? Furniture : PageLine.AnyClass;
            if (!furnitureOnly && articleParagraph && text.Length >= 60 && text[^1] is '.' or '!' or '?' or '"' && text.Count(c => c == ' ') >= 11)
            {
                allowed = TextOnly;
            }
            var isHeadline = headline is not null && !headlineUsed && string.Equals(text, headline, StringComparison.OrdinalIgnoreCase) && (inH1 || h1s.Count == 0);
            if (isHeadline)
            {
                allowed = Headline;
                headlineUsed = true;
            }
            // Blocks are separated like a scraper's paragraphs: each one stands alone.
            lines.Add(new PageLine(k + 1, text, true, true, allowed));
        }
        return lines;
    }

    /// <summary>The page's own headline: the h1 that agrees with og:title, a lone h1 over an article, or og:title itself.</summary>
    private static string? PickHeadline(List<string> h1s, string ogTitle, bool hasArticle)
    {
        foreach (var h1 in h1s)
        {
            if (ogTitle.Length > 0 && (ogTitle.StartsWith(h1, StringComparison.OrdinalIgnoreCase) || h1.StartsWith(ogTitle, StringComparison.OrdinalIgnoreCase)))
            {
                return h1;
            }
        }
        if (h1s.Count == 1 && hasArticle)
        {
            return h1s[0];
        }
        if (h1s.Count == 0 && ogTitle.Length > 0)
        {
            // "Headline | Site name": the site name is not part of the headline.
            return SiteSuffix().Replace(ogTitle, "");
        }
        return null;
    }

    private static string Clean(string? text) => text is null ? "" : PageLine.Clean(System.Net.WebUtility.HtmlDecode(text));

    /// <summary>Collects the text of each block in document order.</summary>
    private sealed class Walker
    {
        private readonly StringBuilder _current = new();
        private bool _currentFurniture;
        private bool _currentH1;

        public List<(string Text, bool FurnitureOnly, bool InH1, bool ArticleParagraph)> Lines { get; } = [];

        private bool _currentArticleParagraph;

        public void Visit(INode node, bool furnitureOnly, bool inH1, bool articleParagraph = false)
        {
            foreach (var child in node.ChildNodes)
            {
                if (child is IText text)
                {
                    if (_current.Length == 0)
                    {
                        _currentFurniture = furnitureOnly;
                        _currentH1 = inH1;
                        _currentArticleParagraph = articleParagraph;
                    }
                    _current.Append(text.Data);
                    continue;
                }
                if (child is not IElement element || Skipped.Contains(element.LocalName) || element.HasAttribute("hidden"))
                {
                    continue;
                }
                var name = element.LocalName;
                // Captions and credits are furniture by the annotation guide; nav, aside and the page's own header and footer are chrome.
                var furniture = furnitureOnly || name is "nav" or "aside" or "menu" or "figcaption"
                    || element.GetAttribute("role") is "navigation" or "banner" or "contentinfo" or "complementary"
                    || (name == "footer" && element.Closest("article") is null && element.Closest("main") is null)
                    || ChromeClass().IsMatch((element.ClassName ?? "") + " " + (element.Id ?? ""))
                    || (name == "header" && element.Closest("article") is null && element.Closest("main") is null && element.QuerySelector("h1") is null);
                var block = Blocks.Contains(name);
                if (block)
                {
                    Flush();
                }
                Visit(element, furniture, inH1 || name == "h1", articleParagraph || (name == "p" && element.Closest("article") is not null));
                if (block)
                {
                    Flush();
                }
            }
        }

        public void Flush()
        {
            if (_current.Length == 0)
            {
                return;
            }
            var text = Clean(_current.ToString());
            _current.Clear();
            if (text.Length > 0)
            {
                Lines.Add((text, _currentFurniture, _currentH1, _currentArticleParagraph));
            }
        }
    }

    [GeneratedRegex(@"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex DocumentStart();

    [GeneratedRegex(@"<(?:p|div|h[1-6]|li|article|section|span|a)\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockTag();

    // Class and id names Readability also treats as page chrome.
    [GeneratedRegex(@"(?:^|[\s_-])(?:share|sharing|social|tags?|related|comments?|breadcrumbs?|byline|cookie|banner|advert|ads|promo|newsletter|subscribe|pager|pagination|menu|navbar|sidebar|footer)(?:$|[\s_-])", RegexOptions.IgnoreCase)]
    private static partial Regex ChromeClass();

    [GeneratedRegex(@"\s+[|\-–—:]\s+[^|\-–—:]{2,40}$")]
    private static partial Regex SiteSuffix();
}
