namespace NewsClassifier;

/// <summary>A story to tag.</summary>
/// <param name="Id">The caller's identifier, echoed in the result.</param>
/// <param name="Text">The body of the story.</param>
/// <param name="Title">The headline, when there is one.</param>
/// <remarks>Text comes before title: name the arguments (<c>new NewsArticle(id, Text: body, Title: headline)</c>) when in doubt.</remarks>
public sealed record NewsArticle(string Id, string Text, string? Title = null)
{
    /// <summary>True when the source cut the story off ("..."); the result says so in <see cref="TagResult.Truncated"/>.</summary>
    public bool Truncated { get; init; }
}
