using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using NewsClassifier.Desk;
using NewsClassifier.Service.Internal;

namespace NewsClassifier.Service.Desk;

/// <summary>
/// The editors' desk inside the service: the review page at <c>/</c>, its API under <c>/desk</c>, the review queue fed by
/// <c>POST /v1/tag</c> with <c>"review": true</c>, per-day drift counts and <c>GET /v1/stats</c>, all over one feedback store.
/// </summary>
public sealed class DeskModule : INewsServiceModule
{
    /// <summary>The cookie scheme the page signs editors in with (after they give their key once).</summary>
    public const string CookieScheme = "DeskCookie";

    /// <summary>Editors only: an editor key as a bearer header, or the page's cookie.</summary>
    public const string EditPolicy = "desk-edit";

    /// <summary>Any valid key or signed-in editor (the drift statistics).</summary>
    public const string ReadPolicy = "desk-read";

    /// <summary>The header the page sends its anti-forgery token in.</summary>
    public const string CsrfHeader = "X-CSRF-TOKEN";

    /// <inheritdoc/>
    public void ConfigureServices(WebApplicationBuilder builder, ServiceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        // Opened (and migrated) now, so a bad --store stops the start with a clear message instead of failing later.
        var store = FeedbackStore.OpenAsync(settings.Store).GetAwaiter().GetResult();
        builder.Services.AddSingleton<IFeedbackStore>(_ => store);
        builder.Services.AddSingleton<DriftCounter>();
        builder.Services.AddSingleton<ITaggingObserver>(services => services.GetRequiredService<DriftCounter>());
        builder.Services.AddHostedService(services => services.GetRequiredService<DriftCounter>());
        builder.Services.AddSingleton<IReviewQueue, DeskReviewQueue>();

        builder.Services.AddAuthentication().AddCookie(CookieScheme, o =>
        {
            o.Cookie.Name = "newsclf.desk";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(12);
            o.SlidingExpiration = true;
            // An API answers 401/403; it never redirects to a login page. The key scheme challenges first and writes
            // the problem body, so this only sets the status when nothing was written yet.
            o.Events = new CookieAuthenticationEvents
            {
                OnRedirectToLogin = c => SetStatus(c.Response, StatusCodes.Status401Unauthorized),
                OnRedirectToAccessDenied = c => SetStatus(c.Response, StatusCodes.Status403Forbidden),
            };
        });
        builder.Services.AddAntiforgery(o =>
        {
            o.HeaderName = CsrfHeader;
            o.Cookie.Name = "newsclf.csrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
        });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(EditPolicy, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName, CookieScheme).RequireRole(ServiceRoles.Editor))
            .AddPolicy(ReadPolicy, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName, CookieScheme).RequireAuthenticatedUser());
    }

    private static Task SetStatus(HttpResponse response, int status)
    {
        if (!response.HasStarted)
        {
            response.StatusCode = status;
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public void MapEndpoints(IEndpointRouteBuilder endpoints, ServiceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        DeskPage.Map(endpoints);
        DeskEndpoints.Map(endpoints, settings);
    }
}

/// <summary>Queues stories sent with <c>"review": true</c>: tagged again with explanations, saved with the suggestion.</summary>
internal sealed class DeskReviewQueue(IFeedbackStore store) : IReviewQueue
{
    public async Task EnqueueAsync(NewsArticle article, ServedModel model, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var result = model.Explaining.Tag(article);
        if (!result.Succeeded)
        {
            return;
        }
        await store.SaveStoryAsync(TaggedStories.Story(article, result, "api", now), TaggedStories.Suggestion(result, model.Tagger, model.Version, now), cancellationToken);
    }
}
