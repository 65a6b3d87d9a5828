namespace NewsClassifier;

/// <summary>The tags for one story, or the reason it could not be tagged.</summary>
public sealed record TagResult
{
    /// <summary>The story's identifier.</summary>
    public required string Id { get; init; }

    /// <summary>Where the story was read (file, file:line, file#n), when it came from a <see cref="StoryReader"/>.</summary>
    public string? Source { get; init; }

    /// <summary>The headline the tagger used.</summary>
    public string? Title { get; init; }

    /// <summary>The cleaned text that entity spans point into; null when it equals the input text.</summary>
    public string? Text { get; init; }

    /// <summary>The assigned topics, best first; empty means none of the four.</summary>
    public IReadOnlyList<TopicScore> Topics { get; init; } = [];

    /// <summary>The probability of every topic in the model's label set, assigned or not.</summary>
    public IReadOnlyDictionary<string, float> TopicScores { get; init; } = new Dictionary<string, float>();

    /// <summary>The countries the story is about, best first.</summary>
    public IReadOnlyList<CountryScore> Countries { get; init; } = [];

    /// <summary>The ISO code of the country the story is mainly about, or null when no country has evidence.</summary>
    public string? PrimaryCountry { get; init; }

    /// <summary>The people, places, organisations and countries named in the headline and the text, headline first.</summary>
    public IReadOnlyList<Entity> Entities { get; init; } = [];

    /// <summary>True when the story was cut off in its source ("...").</summary>
    public bool Truncated { get; init; }

    /// <summary>What makes these tags doubtful, e.g. "language: ru (not supported; tags are unreliable)"; empty when nothing does.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>For a story cut out of a page: when the page dates it (ISO 8601), or null.</summary>
    public string? Published { get; init; }

    /// <summary>For a story cut out of a page: furniture lines inside its span left out of its text; null for other input.</summary>
    public int? DroppedLines { get; init; }

    /// <summary>For a story cut out of a page, when explanations are asked for: the page's lines up to the story's last line (after the previous story's), each with its class and why.</summary>
    public IReadOnlyList<PageLineVerdict>? PageLines { get; init; }

    /// <summary>Why the story could not be tagged; null on success.</summary>
    public string? Error { get; init; }

    /// <summary>Why each topic and country was assigned; filled only when asked for.</summary>
    public Explanation? Explanation { get; init; }

    /// <summary>True when the story was tagged.</summary>
    public bool Succeeded => Error is null;

    /// <summary>A result that records why a story could not be tagged.</summary>
    public static TagResult Failed(string id, string error) => new() { Id = id, Error = error };
}

/// <summary>An assigned topic and its probability.</summary>
public sealed record TopicScore(string Label, float Score);

/// <summary>A country the story is about, with its name and the model's score.</summary>
public sealed record CountryScore(string Code, string Name, float Score);

/// <summary>A name found in the story; <c>Start</c> and <c>End</c> (exclusive) index the field it was found in.</summary>
/// <param name="Field">"text" when the span indexes the story's text, "title" when it indexes the headline.</param>
public sealed record Entity(string Text, EntityType Type, int Start, int End, string? Country, string Field = Entity.InText)
{
    /// <summary>The field name of entities found in the story's text.</summary>
    public const string InText = "text";

    /// <summary>The field name of entities found in the headline.</summary>
    public const string InTitle = "title";
}

/// <summary>What the text says about one country.</summary>
/// <param name="Code">ISO alpha-2 code.</param>
/// <param name="Name">The country's English name.</param>
/// <param name="Mentions">How many names point to it, headline included.</param>
/// <param name="FirstPosition">Character offset of the first mention in the text, or -1 when only the headline names it.</param>
/// <param name="InHeadline">Whether the headline points to it.</param>
/// <param name="Via">The distinct names that point to it, in order of appearance.</param>
public sealed record CountryEvidence(string Code, string Name, int Mentions, int FirstPosition, bool InHeadline, IReadOnlyList<string> Via);

/// <summary>Why the tagger chose what it chose.</summary>
/// <param name="TopicTerms">For each assigned topic, the words whose removal lowers its log-odds most.</param>
/// <param name="Countries">The evidence for every country the text points to.</param>
public sealed record Explanation(IReadOnlyDictionary<string, IReadOnlyList<TermInfluence>> TopicTerms, IReadOnlyList<CountryEvidence> Countries);

/// <summary>A word and how much the topic's log-odds, log(p / (1 - p)), drop without it (comparable however confident the model is).</summary>
public sealed record TermInfluence(string Term, float Drop);
