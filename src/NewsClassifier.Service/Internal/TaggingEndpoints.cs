using Microsoft.Extensions.DependencyInjection;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace NewsClassifier.Service.Internal;

/// <summary>POST /v1/tag, /v1/tag/batch and /v1/pages: the library's one path behind HTTP.</summary>
internal static class TaggingEndpoints
{
    public const string ModelVersionHeader = "X-Model-Version";

    public static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void MapTagging(this IEndpointRouteBuilder api)
    {
        api.MapPost("/v1/tag", TagOne)
            .WithName("TagStory")
            .WithSummary("Tags one story {\"id\",\"title\",\"text\"}; ?explain=true adds why.")
            .Accepts<StoryRequest>("application/json")
            .Produces<TagResult>(StatusCodes.Status200OK, "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .RequireAuthorization(ServicePolicies.Tagging)
            .RequireRateLimiting(NewsService.PerKeyRateLimit)
            .WithRequestTimeout(NewsService.StoryTimeout);

        api.MapPost("/v1/tag/batch", TagBatch)
            .WithName("TagBatch")
            .WithSummary("Tags JSON Lines (application/x-ndjson): one result or error record per input line, streamed in input order.")
            .Accepts<StoryRequest>("application/x-ndjson")
            .Produces<TagResult>(StatusCodes.Status200OK, "application/x-ndjson")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .RequireAuthorization(ServicePolicies.Tagging)
            .RequireRateLimiting(NewsService.PerKeyRateLimit)
            .WithRequestTimeout(NewsService.BatchTimeout);

        api.MapPost("/v1/pages", TagPage)
            .WithName("TagPage")
            .WithSummary("Splits a scraped page (text/plain) into its stories and tags each; ?id=NAME names them NAME#1, NAME#2...")
            .Accepts<string>("text/plain")
            .Produces<PageResponseDoc>(StatusCodes.Status200OK, "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .RequireAuthorization(ServicePolicies.Tagging)
            .RequireRateLimiting(NewsService.PerKeyRateLimit)
            .WithRequestTimeout(NewsService.StoryTimeout);
    }

    private static async Task<IResult> TagOne(HttpContext context, ModelHost models, ServiceMetrics metrics, ServiceSettings settings, bool explain = false)
    {
        if (!RequestBody.HasMediaType(context.Request, "application/json"))
        {
            return RequestBody.WrongMediaType(context.Request, "application/json");
        }
        var (body, problem) = await RequestBody.ReadAsync(context, settings.MaxStoryBytes, "story");
        if (problem is not null)
        {
            return problem;
        }
        var (story, error) = RequestBody.ParseStory(body);
        if (story is null)
        {
            return Problems.Result(StatusCodes.Status400BadRequest, "Malformed story", $"The body is {error}.");
        }
        // Read the model once: a swap during this request does not change the model that answers it.
        var served = models.Current;
        context.Response.Headers[ModelVersionHeader] = served.Version;
        var tagger = explain ? served.Explaining : served.Tagger;
        var result = tagger.Tag(new NewsArticle(string.IsNullOrEmpty(story.Id) ? "story" : story.Id, story.Text ?? "", story.Title));
        metrics.Count(result, "tag");
        if (!result.Succeeded)
        {
            return Problems.Result(StatusCodes.Status422UnprocessableEntity, "Story cannot be tagged", result.Error!,
                new Dictionary<string, object?> { ["id"] = result.Id });
        }
        if (story.Review == true && context.RequestServices.GetService<IReviewQueue>() is { } queue)
        {
            await queue.EnqueueAsync(new NewsArticle(result.Id, story.Text ?? "", story.Title), served, context.RequestAborted);
        }
        return new ResultJsonResult(result, served.Tagger.Labels);
    }

    private static async Task<IResult> TagPage(HttpContext context, ModelHost models, ServiceMetrics metrics, ServiceSettings settings, string? id = null)
    {
        if (!RequestBody.HasMediaType(context.Request, "text/plain"))
        {
            return RequestBody.WrongMediaType(context.Request, "text/plain");
        }
        var (body, problem) = await RequestBody.ReadAsync(context, settings.MaxStoryBytes, "page");
        if (problem is not null)
        {
            return problem;
        }
        if (RequestBody.DecodeUtf8(body!) is not { } page)
        {
            return Problems.Result(StatusCodes.Status400BadRequest, "Page is not UTF-8", "The page is not valid UTF-8 text. Send it as UTF-8 (charset=utf-8).");
        }
        var pageId = string.IsNullOrWhiteSpace(id) ? "page" : id;
        var served = models.Current;
        context.Response.Headers[ModelVersionHeader] = served.Version;
        var stories = NewsIntake.SplitPage(page);
        var results = new List<TagResult>(stories.Count);
        for (var i = 0; i < stories.Count; i++)
        {
            var result = served.Tagger.TagPageStory(NewsIntake.PageStoryId(pageId, i), stories[i]);
            metrics.Count(result, "pages");
            results.Add(result);
        }
        return new PageJsonResult(pageId, results, served.Tagger.Labels);
    }

    private static async Task<IResult> TagBatch(HttpContext context, ModelHost models, ServiceMetrics metrics, ServiceSettings settings)
    {
        if (!RequestBody.HasMediaType(context.Request, "application/x-ndjson", "application/jsonl"))
        {
            return RequestBody.WrongMediaType(context.Request, "application/x-ndjson", "application/jsonl");
        }
        if (RequestBody.Limit(context, settings.MaxBatchBytes, "batch") is { } refused)
        {
            return refused;
        }
        var served = models.Current;
        context.Response.Headers[ModelVersionHeader] = served.Version;
        context.Response.ContentType = "application/x-ndjson; charset=utf-8";
        var batch = new BatchTagger(served.Tagger, settings, metrics);
        await batch.RunAsync(context.Request.BodyReader, context.Response.BodyWriter, context.RequestAborted);
        return Results.Empty;
    }

    /// <summary>One result as the contract's JSON object.</summary>
    private sealed class ResultJsonResult(TagResult result, IReadOnlyList<string> labels) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            using (var json = new Utf8JsonWriter(context.Response.BodyWriter, JsonOptions))
            {
                TagResultJson.Write(json, result, labels);
            }
            await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
        }
    }

    /// <summary>{"id": page, "stories": [results...]}.</summary>
    private sealed class PageJsonResult(string pageId, IReadOnlyList<TagResult> results, IReadOnlyList<string> labels) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            using (var json = new Utf8JsonWriter(context.Response.BodyWriter, JsonOptions))
            {
                json.WriteStartObject();
                json.WriteString("id", pageId);
                json.WriteStartArray("stories");
                foreach (var result in results)
                {
                    TagResultJson.Write(json, result, labels);
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
        }
    }

    /// <summary>The shape of a /v1/pages answer, for the OpenAPI document only.</summary>
    internal sealed record PageResponseDoc(string Id, IReadOnlyList<TagResult> Stories);
}
