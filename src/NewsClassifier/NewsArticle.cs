namespace NewsClassifier;

/// <summary>A story to tag.</summary>
/// <param name="Id">The caller's identifier, echoed in the result.</param>
/// <param name="Text">The body of the story.</param>
/// <param name="Title">The headline, when there is one.</param>
public sealed record NewsArticle(string Id, string Text, string? Title = null);
