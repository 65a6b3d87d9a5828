namespace NewsClassifier;

/// <summary>How the tagger treats stories.</summary>
public sealed record TaggerOptions
{
    /// <summary>The default limit on a story's text: 1 MB of characters.</summary>
    public const int DefaultMaxTextLength = 1_000_000;

    /// <summary>Stories with more characters than this are refused with an error record.</summary>
    public int MaxTextLength { get; init; } = DefaultMaxTextLength;

    /// <summary>When set, a topic is assigned at this probability instead of its tuned threshold.</summary>
    public float? MinScore { get; init; }

    /// <summary>How many threads <see cref="NewsTagger.TagAsync(IAsyncEnumerable{NewsArticle}, CancellationToken)"/> uses.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Whether each result carries an <see cref="Explanation"/> (slower: the topic model runs once per word tried).</summary>
    public bool Explain { get; init; }

    /// <summary>Refuse stories in a language the models do not support (an error result) instead of tagging them with a warning.</summary>
    public bool SkipUnsupportedLanguage { get; init; }

    /// <summary>When set, <see cref="NewsTagger.TagAsync(IAsyncEnumerable{StoryRecord}, RunSummary?, CancellationToken)"/> tags only the records of this shard.</summary>
    public Shard? Shard { get; init; }

    /// <summary>The most threads a tagger may use.</summary>
    public const int MaxThreads = 1024;

    /// <summary>Checks the options; the message names the offending value.</summary>
    public TaggerOptions Validate()
    {
        if (MaxTextLength < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxTextLength), MaxTextLength, $"MaxTextLength must be at least 1, not {MaxTextLength}.");
        }
        if (MinScore is { } s && (s is < 0 or > 1 || float.IsNaN(s)))
        {
            throw new ArgumentOutOfRangeException(nameof(MinScore), s, $"MinScore must lie between 0 and 1, not {s}.");
        }
        if (Threads is < 1 or > MaxThreads)
        {
            throw new ArgumentOutOfRangeException(nameof(Threads), Threads, $"Threads must lie between 1 and {MaxThreads}, not {Threads}.");
        }
        return this;
    }
}
