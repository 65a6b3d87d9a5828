namespace NewsClassifier;

/// <summary>What a line of a scraped page is, as the page line classifier sees it.</summary>
public enum PageLineClass
{
    /// <summary>A story's headline (or a teaser's headline on a listing page): starts a story.</summary>
    Headline,

    /// <summary>The summary paragraph under a headline, before the body.</summary>
    Standfirst,

    /// <summary>A paragraph, subhead, quote or list item of a story.</summary>
    Body,

    /// <summary>The short text under a teaser headline on a listing page.</summary>
    Teaser,

    /// <summary>Everything else: menus, dates, bylines, counters, share prompts, related lists, footers.</summary>
    Furniture,
}

/// <summary>How a page arrives.</summary>
public enum PageFormat
{
    /// <summary>Decide from the content: HTML when it looks like markup, plain text otherwise.</summary>
    Auto,

    /// <summary>The visible text of a page, one block per line.</summary>
    Text,

    /// <summary>The page's HTML source.</summary>
    Html,
}

/// <summary>A page split into stories, with the class given to every line and why.</summary>
/// <param name="Stories">The stories, in page order.</param>
/// <param name="Lines">Every non-blank line (for HTML, every block of text) with its class.</param>
/// <param name="Format">The format the page was read as (never <see cref="PageFormat.Auto"/>).</param>
public sealed record PageAnalysis(IReadOnlyList<PageStory> Stories, IReadOnlyList<PageLineVerdict> Lines, PageFormat Format);

/// <summary>The class given to one line of a page and the evidence for it.</summary>
/// <param name="Line">1-based line number in the page (for HTML, the number of the text block).</param>
/// <param name="Text">The line as cleaned for classification.</param>
/// <param name="Class">The class given.</param>
/// <param name="RunnerUp">The class that scored next best.</param>
/// <param name="Margin">How far the given class's score lies above the runner-up's on the line's own features (larger is surer); negative when the neighbours' classes outweighed them.</param>
/// <param name="Reasons">The features that favoured the given class over the runner-up most, strongest first; empty unless asked for.</param>
/// <param name="Story">The 1-based story the line falls in (its span from headline to last text line), or null outside every story.</param>
/// <param name="Dropped">True for a furniture line inside a story's span: left out of the story's text and counted in its <c>DroppedLines</c>.</param>
public sealed record PageLineVerdict(int Line, string Text, PageLineClass Class, PageLineClass RunnerUp, float Margin, IReadOnlyList<FeatureWeight> Reasons, int? Story, bool Dropped);

/// <summary>A feature of a line and how much it moved the score towards the class given.</summary>
public sealed record FeatureWeight(string Feature, float Weight);
