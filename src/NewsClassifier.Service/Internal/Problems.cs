namespace NewsClassifier.Service.Internal;

/// <summary>RFC 9457 problem details, written the same way everywhere; the detail never quotes a story.</summary>
internal static class Problems
{
    public static Task Write(HttpContext context, int status, string title, string detail, IDictionary<string, object?>? extensions = null)
    {
        if (context.Response.HasStarted)
        {
            return Task.CompletedTask;
        }
        return Results.Problem(detail: detail, statusCode: status, title: title, extensions: extensions).ExecuteAsync(context);
    }

    public static IResult Result(int status, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        Results.Problem(detail: detail, statusCode: status, title: title, extensions: extensions);
}
