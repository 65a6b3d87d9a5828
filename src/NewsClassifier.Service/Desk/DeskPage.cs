namespace NewsClassifier.Service.Desk;

/// <summary>Serves the review page's three files from the assembly, with headers that keep a story from running as script.</summary>
internal static class DeskPage
{
    private static readonly Dictionary<string, (string Resource, string ContentType)> Files = new(StringComparer.Ordinal)
    {
        ["/"] = ("index.html", "text/html; charset=utf-8"),
        ["/desk/app.js"] = ("app.js", "text/javascript; charset=utf-8"),
        ["/desk/app.css"] = ("app.css", "text/css; charset=utf-8"),
    };

    // Scripts and styles only from this origin, no inline script, no framing: even a story that slipped through
    // encoding could not run.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        foreach (var (path, (resource, contentType)) in Files)
        {
            var bytes = Read(resource);
            endpoints.MapGet(path, (HttpContext context) =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers.CacheControl = "no-cache";
                return Results.Bytes(bytes, contentType);
            }).AllowAnonymous().ExcludeFromDescription();
        }
    }

    private static byte[] Read(string name)
    {
        using var stream = typeof(DeskPage).Assembly.GetManifestResourceStream($"NewsClassifier.Service.Desk.Page.{name}")
            ?? throw new InvalidOperationException($"The review page's {name} is missing from the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
