namespace NewsClassifier.Internal.Knowledge;

/// <summary>A name found in a text: its span, what it is, and where it came from.</summary>
/// <param name="Entry">The knowledge-base entry, or null for a name guessed from cues.</param>
internal readonly record struct SpottedName(int Start, int End, EntityType Type, MentionKind Kind, string? Country, KnowledgeEntry? Entry)
{
    public bool FromKnowledgeBase => Entry is not null;

    /// <summary>A mention that names a country in passing ("a British analyst"): an entity, but no evidence of what the story is about.</summary>
    public bool Passing { get; init; }
}
