using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.DependencyInjection;
using NewsClassifier.Desk;
using NewsClassifier.Service.Internal;

namespace NewsClassifier.Service.Desk;

/// <summary>The review page's API (<c>/desk/...</c>) and the drift statistics (<c>GET /v1/stats</c>).</summary>
internal static partial class DeskEndpoints
{
    private const int MaxListItems = 300;
    private const int MaxNameLength = 200;
    private const long MaxDecisionBytes = 256 * 1024;

    public static void Map(IEndpointRouteBuilder endpoints, ServiceSettings settings)
    {
        endpoints.MapGet("/desk/session", Session).AllowAnonymous().ExcludeFromDescription();
        endpoints.MapPost("/desk/login", Login).AllowAnonymous().RequireRateLimiting(NewsService.PerKeyRateLimit).ExcludeFromDescription();

        var desk = endpoints.MapGroup("/desk").RequireAuthorization(DeskModule.EditPolicy).RequireRateLimiting(NewsService.PerKeyRateLimit).ExcludeFromDescription();
        desk.MapPost("/logout", (Func<HttpContext, Task<IResult>>)Logout).AddEndpointFilter(CheckCsrf);
        desk.MapPost("/stories", TagAndKeep).AddEndpointFilter(CheckCsrf);
        desk.MapGet("/queue", Queue);
        desk.MapGet("/stories/{id}", OneStory);
        desk.MapPost("/stories/{id}/decision", Decide).AddEndpointFilter(CheckCsrf);

        endpoints.MapGet("/v1/stats", Stats)
            .WithName("DriftStats")
            .WithSummary("Per-day counts of stories, topics, 'none', countries and topic-score bins; ?days=N (1-366, default 30), and the training distribution.")
            .RequireAuthorization(DeskModule.ReadPolicy)
            .RequireRateLimiting(NewsService.PerKeyRateLimit);
    }

    /// <summary>Every state-changing call from the page carries the anti-forgery token of its session (header X-CSRF-TOKEN).</summary>
    private static async ValueTask<object?> CheckCsrf(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var antiforgery = invocation.HttpContext.RequestServices.GetRequiredService<IAntiforgery>();
        if (!await antiforgery.IsRequestValidAsync(invocation.HttpContext))
        {
            return Problems.Result(StatusCodes.Status400BadRequest, "Missing or invalid CSRF token",
                "Send the token from GET /desk/session in the X-CSRF-TOKEN header; reload the page if the session changed.");
        }
        return await next(invocation);
    }

    /// <summary>Who is signed in (via the page's cookie, or a key), a fresh anti-forgery token, and the model's labels, thresholds and bands.</summary>
    private static async Task<IResult> Session(HttpContext context, ModelHost models, ServiceSettings settings, IAntiforgery antiforgery,
        IPolicyEvaluator evaluator, IAuthorizationPolicyProvider policies)
    {
        var policy = await policies.GetPolicyAsync(DeskModule.EditPolicy);
        var authenticated = await evaluator.AuthenticateAsync(policy!, context);
        if (authenticated.Succeeded)
        {
            context.User = authenticated.Principal;
        }
        var isEditor = context.User.IsInRole(ServiceRoles.Editor);
        var tokens = antiforgery.GetAndStoreTokens(context);
        var served = models.Current;
        context.Response.Headers.CacheControl = "no-store";
        return Results.Json(new
        {
            editor = isEditor ? context.User.Identity?.Name : null,
            signedInButNotEditor = context.User.Identity?.IsAuthenticated == true && !isEditor,
            csrfToken = tokens.RequestToken,
            modelVersion = served.Version,
            labels = served.Tagger.Labels,
            thresholds = served.Tagger.Labels.ToDictionary(l => l, l => served.Tagger.Card.Thresholds.GetValueOrDefault(l, 0.5f)),
            acceptAbove = settings.DeskAcceptAbove,
            suggestAbove = settings.DeskSuggestAbove,
        });
    }

    /// <summary>Signs an editor in from a form post of their key (anti-forgery checked); the page then uses an HttpOnly, SameSite=Strict cookie.</summary>
    private static async Task<IResult> Login(HttpContext context, IAntiforgery antiforgery, ApiKeyRegistry keys)
    {
        if (!context.Request.HasFormContentType)
        {
            return RequestBody.WrongMediaType(context.Request, "application/x-www-form-urlencoded");
        }
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Problems.Result(StatusCodes.Status400BadRequest, "Missing or invalid CSRF token", "Reload the page and sign in again.");
        }
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var key = form["key"].ToString().Trim();
        var entry = key.Length is > 0 and <= 512 ? keys.Find(key) : null;
        if (entry is null)
        {
            return Problems.Result(StatusCodes.Status401Unauthorized, "Unknown key", "That key is not valid. Ask for an editor key ('newsclf keys add NAME --role editor').");
        }
        if (!ServiceRoles.Implied(entry.Role).Contains(ServiceRoles.Editor))
        {
            return Problems.Result(StatusCodes.Status403Forbidden, "Not an editor's key", "This key may tag but not review; ask for a key with the editor role.");
        }
        var claims = new List<Claim> { new(ClaimTypes.Name, entry.Name) };
        claims.AddRange(ServiceRoles.Implied(entry.Role).Select(r => new Claim(ClaimTypes.Role, r)));
        await context.SignInAsync(DeskModule.CookieScheme, new ClaimsPrincipal(new ClaimsIdentity(claims, DeskModule.CookieScheme)));
        return Results.NoContent();
    }

    private static async Task<IResult> Logout(HttpContext context)
    {
        await context.SignOutAsync(DeskModule.CookieScheme);
        return Results.NoContent();
    }

    private sealed record PasteRequest(string? Title, string? Text, string? Kind);

    /// <summary>Tags a pasted story (or a scraped page's stories), keeps each with its suggestion in the queue, and returns them.</summary>
    private static async Task<IResult> TagAndKeep(HttpContext context, ModelHost models, IFeedbackStore store, ServiceSettings settings, DriftCounter drift)
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
        PasteRequest? paste;
        try
        {
            paste = JsonSerializer.Deserialize<PasteRequest>(body, RequestBody.Json);
        }
        catch (JsonException)
        {
            return Problems.Result(StatusCodes.Status400BadRequest, "Malformed request", "Send {\"title\", \"text\", \"kind\": \"story\" or \"page\"}.");
        }
        if (paste is null || string.IsNullOrWhiteSpace(paste.Text))
        {
            return Problems.Result(StatusCodes.Status400BadRequest, "No text", "Paste the story's text (or a scraped page) first.");
        }
        var served = models.Current;
        context.Response.Headers[TaggingEndpoints.ModelVersionHeader] = served.Version;
        var now = DateTimeOffset.UtcNow;
        var baseId = $"desk-{now:yyyyMMdd-HHmmss}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3))}";
        var articles = new List<(NewsArticle Article, TagResult Result)>();
        if (paste.Kind == "page")
        {
            var stories = NewsIntake.SplitPage(paste.Text);
            for (var i = 0; i < stories.Count; i++)
            {
                var id = NewsIntake.PageStoryId(baseId, i);
                articles.Add((new NewsArticle(id, stories[i].Text, stories[i].Title), served.Explaining.TagPageStory(id, stories[i])));
            }
        }
        else
        {
            // As with a text file on the command line: without a headline, the first non-empty line is the headline.
            var (title, text) = string.IsNullOrWhiteSpace(paste.Title) ? SplitHeadline(paste.Text) : (paste.Title.Trim(), paste.Text);
            var article = new NewsArticle(baseId, text, title);
            articles.Add((article, served.Explaining.Tag(article)));
        }
        var failed = articles.Where(a => !a.Result.Succeeded).Select(a => a.Result.Error).ToList();
        var views = new List<object>();
        foreach (var (article, result) in articles.Where(a => a.Result.Succeeded))
        {
            drift.Tagged(result); // stories tagged on the page count towards drift like those tagged through the API
            var story = TaggedStories.Story(article, result, "desk", now);
            var suggestion = TaggedStories.Suggestion(result, served.Tagger, served.Version, now);
            var id = await store.SaveStoryAsync(story, suggestion, context.RequestAborted);
            views.Add(View(story, suggestion with { Id = id }));
        }
        if (views.Count == 0)
        {
            return Problems.Result(StatusCodes.Status422UnprocessableEntity, "Nothing could be tagged",
                failed.FirstOrDefault() ?? "The page held no story: paste a story, or choose 'page' only for scraped pages.");
        }
        return Results.Json(new { stories = views });
    }

    private static async Task<IResult> Queue(IFeedbackStore store, CancellationToken cancellationToken,
        string? topic = null, string? country = null, string? day = null, string? model = null, int limit = 50)
    {
        DateOnly? onDay = null;
        if (!string.IsNullOrWhiteSpace(day))
        {
            if (!DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                return Problems.Result(StatusCodes.Status400BadRequest, "Bad day", "day must be YYYY-MM-DD.");
            }
            onDay = parsed;
        }
        QueueFilter filter;
        try
        {
            filter = new QueueFilter { Topic = Blank(topic), Country = Blank(country), Day = onDay, ModelVersion = Blank(model), Limit = limit }.Validate();
        }
        catch (ArgumentException ex)
        {
            return Problems.Result(StatusCodes.Status400BadRequest, "Bad filter", ex.Message.Split(" (Parameter")[0]);
        }
        var items = await store.QueueAsync(filter, cancellationToken);
        return Results.Json(new { stories = items.Select(i => View(i.Story, i.Suggestion)) });
    }

    private static async Task<IResult> OneStory(string id, IFeedbackStore store, CancellationToken cancellationToken)
    {
        if (id.Length > 500 || await store.GetStoryAsync(id, cancellationToken) is not { } story || await store.LatestSuggestionAsync(id, cancellationToken) is not { } suggestion)
        {
            return Problems.Result(StatusCodes.Status404NotFound, "No such story", "The story is not in the feedback store.");
        }
        var decisions = await store.DecisionsAsync(id, cancellationToken);
        return Results.Json(new { story = View(story, suggestion), decisions });
    }

    /// <summary>The decision as the page sends it; who and when are the server's to say.</summary>
    private sealed record DecisionRequest(
        long? SuggestionId,
        string? ModelVersion,
        Dictionary<string, float>? ScoresSeen,
        List<string>? AcceptedTopics,
        List<string>? RejectedTopics,
        List<string>? AddedTopics,
        List<string>? AcceptedCountries,
        List<string>? RejectedCountries,
        List<string>? AddedCountries,
        string? PrimaryCountry,
        List<EntityMark>? WrongEntities);

    private static async Task<IResult> Decide(string id, HttpContext context, IFeedbackStore store, ModelHost models)
    {
        if (!RequestBody.HasMediaType(context.Request, "application/json"))
        {
            return RequestBody.WrongMediaType(context.Request, "application/json");
        }
        var (body, problem) = await RequestBody.ReadAsync(context, MaxDecisionBytes, "decision");
        if (problem is not null)
        {
            return problem;
        }
        DecisionRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<DecisionRequest>(body, RequestBody.Json);
        }
        catch (JsonException)
        {
            return Problems.Result(StatusCodes.Status400BadRequest, "Malformed decision", "The decision is not valid JSON of the expected shape.");
        }
        var suggestion = id.Length <= 500 ? await store.LatestSuggestionAsync(id, context.RequestAborted) : null;
        if (request is null || suggestion is null)
        {
            return Problems.Result(request is null ? StatusCodes.Status400BadRequest : StatusCodes.Status404NotFound, "No such story", "Decide on a story that is in the feedback store.");
        }
        var labels = suggestion.TopicScores.Keys.Concat(models.Current.Tagger.Labels).ToHashSet(StringComparer.Ordinal);
        if (Invalid(request, labels) is { } why)
        {
            return Problems.Result(StatusCodes.Status400BadRequest, "Invalid decision", why);
        }
        var decision = new EditorDecision
        {
            StoryId = id,
            // The suggestion the server knows; an id from elsewhere is not trusted.
            SuggestionId = suggestion.Id,
            Editor = context.User.Identity?.Name ?? "unknown",
            DecidedUtc = DateTimeOffset.UtcNow,
            ModelVersion = request.ModelVersion ?? suggestion.ModelVersion,
            ScoresSeen = request.ScoresSeen ?? suggestion.TopicScores.ToDictionary(),
            AcceptedTopics = request.AcceptedTopics ?? [],
            RejectedTopics = request.RejectedTopics ?? [],
            AddedTopics = request.AddedTopics ?? [],
            AcceptedCountries = request.AcceptedCountries ?? [],
            RejectedCountries = request.RejectedCountries ?? [],
            AddedCountries = request.AddedCountries ?? [],
            PrimaryCountry = string.IsNullOrEmpty(request.PrimaryCountry) ? null : request.PrimaryCountry,
            WrongEntities = request.WrongEntities ?? [],
        };
        var saved = await store.SaveDecisionAsync(decision, context.RequestAborted);
        return Results.Json(new { id = saved, storyId = id, editor = decision.Editor, decidedUtc = decision.DecidedUtc, topics = decision.FinalTopics, countries = decision.FinalCountries });
    }

    private static string? Invalid(DecisionRequest r, HashSet<string> labels)
    {
        var topicLists = new[] { r.AcceptedTopics, r.RejectedTopics, r.AddedTopics };
        var countryLists = new[] { r.AcceptedCountries, r.RejectedCountries, r.AddedCountries };
        if (topicLists.Concat(countryLists).Any(l => l is { Count: > MaxListItems }) || r.WrongEntities is { Count: > MaxListItems } || r.ScoresSeen is { Count: > MaxListItems })
        {
            return $"A list holds more than {MaxListItems} items.";
        }
        if (topicLists.SelectMany(l => l ?? []).FirstOrDefault(t => !labels.Contains(t)) is { } unknown)
        {
            return $"'{Short(unknown)}' is not one of the model's topics ({string.Join(", ", labels.Order(StringComparer.Ordinal))}).";
        }
        if (countryLists.SelectMany(l => l ?? []).Append(r.PrimaryCountry ?? "XX").FirstOrDefault(c => !(c.Length == 0 || CountryCode().IsMatch(c))) is { } bad)
        {
            return $"'{Short(bad)}' is not an ISO 3166 alpha-2 country code such as KZ.";
        }
        if (r.ModelVersion is { Length: > MaxNameLength } || r.WrongEntities?.Any(e => e.Text.Length > MaxNameLength || e.Type.Length > 40 || e.Start < 0 || e.End < e.Start) == true)
        {
            return "A model version or a marked entity is malformed or too long.";
        }
        return null;
    }

    private static async Task<IResult> Stats(IFeedbackStore store, ModelHost models, DriftCounter drift, CancellationToken cancellationToken, int days = 30)
    {
        if (days is < 1 or > 366)
        {
            return Problems.Result(StatusCodes.Status400BadRequest, "Bad range", "days must be between 1 and 366.");
        }
        await drift.FlushAsync(cancellationToken); // this replica's latest counts too
        var to = DateOnly.FromDateTime(DateTime.UtcNow);
        var from = to.AddDays(1 - days);
        var counts = await store.CountsAsync(from, to, cancellationToken);
        var card = models.Current.Tagger.Card;
        var byDay = counts.GroupBy(c => c.Day).OrderBy(g => g.Key).Select(g => new
        {
            day = g.Key.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            stories = g.Where(c => c.Kind == "stories").Sum(c => c.Count),
            none = g.Where(c => c.Kind == "none").Sum(c => c.Count),
            topics = g.Where(c => c.Kind == "topic").ToDictionary(c => c.Key, c => c.Count),
            countries = g.Where(c => c.Kind == "country").ToDictionary(c => c.Key, c => c.Count),
            scores = g.Where(c => c.Kind == "score").GroupBy(c => c.Key.Split(':')[0]).ToDictionary(
                s => s.Key,
                s => Enumerable.Range(0, 10).Select(bin => s.Where(c => c.Key.EndsWith(string.Create(CultureInfo.InvariantCulture, $":{bin / 10.0:0.0}"), StringComparison.Ordinal)).Sum(c => c.Count)).ToArray()),
        }).ToList();
        return Results.Json(new
        {
            from = from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            to = to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            modelVersion = models.Current.Version,
            days = byDay,
            training = new
            {
                stories = card.TrainingData?.Rows.GetValueOrDefault("train") ?? 0,
                topics = card.TrainingData?.LabelCounts ?? new Dictionary<string, int>(),
            },
        });
    }

    private static object View(StoredStory story, Suggestion suggestion) => new
    {
        id = story.Id,
        title = story.Title,
        text = story.Text,
        source = story.Source,
        receivedUtc = story.ReceivedUtc,
        needsReview = story.NeedsReview,
        suggestion = new
        {
            id = suggestion.Id,
            modelVersion = suggestion.ModelVersion,
            topicScores = suggestion.TopicScores,
            thresholds = suggestion.Thresholds,
            topics = suggestion.Topics,
            countries = suggestion.Countries,
            primaryCountry = suggestion.PrimaryCountry,
            uncertainty = Math.Round(suggestion.Uncertainty, 4),
            result = JsonNode.Parse(suggestion.ResultJson),
        },
    };

    private static (string Title, string Text) SplitHeadline(string pasted)
    {
        var lines = pasted.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var first = Array.FindIndex(lines, l => l.Trim().Length > 0);
        var rest = string.Join("\n", lines.Skip(first + 1)).Trim();
        return rest.Length == 0 ? ("", pasted.Trim()) : (lines[first].Trim(), rest);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Short(string value) => value.Length > 40 ? value[..40] + "..." : value;

    [GeneratedRegex("^[A-Z]{2}$")]
    private static partial Regex CountryCode();
}
