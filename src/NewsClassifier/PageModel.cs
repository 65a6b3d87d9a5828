using NewsClassifier.Internal.Intake;

namespace NewsClassifier;

/// <summary>A page line classifier: the one shipped inside the library, or one written by <c>newsclf train-pages</c>.</summary>
public sealed class PageModel
{
    private PageModel(PageLineModel lines, string source)
    {
        Lines = lines;
        Source = source;
    }

    /// <summary>The model built into the library.</summary>
    public static PageModel Shipped { get; } = new(PageLineModel.Embedded, "built in");

    /// <summary>Where the model came from: "built in" or its folder.</summary>
    public string Source { get; }

    internal PageLineModel Lines { get; }

    /// <summary>Loads page-lines.json from a folder after checking it against page-lines.card.json; throws <see cref="PageModelException"/> saying what to do when it cannot be used.</summary>
    public static PageModel Load(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        return new PageModel(PageLineModel.Load(folder), folder);
    }
}
