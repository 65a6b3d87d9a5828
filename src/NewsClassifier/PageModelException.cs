namespace NewsClassifier;

/// <summary>A page line model that cannot be used: missing, unreadable, from another version or not matching its card.</summary>
public sealed class PageModelException : Exception
{
    private PageModelException(string message)
        : base(message)
    {
    }

    internal static PageModelException Missing(string folder) =>
        new($"{folder} has no page line model: expected page-lines.json and page-lines.card.json. Train one with 'newsclf train-pages --pages training-data/pages --out {folder}'.");

    internal static PageModelException Unreadable(string source, string why) =>
        new($"{source} cannot be read ({why}). Restore it or retrain with 'newsclf train-pages'.");

    internal static PageModelException WrongVersion(string source, int version) =>
        new($"{source} has format version {version}; this library reads version 1. Retrain it with 'newsclf train-pages'.");

    internal static PageModelException ChecksumMismatch(string source) =>
        new($"{source} does not match the SHA-256 in its card: the file was changed or truncated. Restore the folder or retrain with 'newsclf train-pages'.");
}
