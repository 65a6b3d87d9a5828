using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace NewsClassifier.Service.Internal;

/// <summary>The keys the service accepts, by hash; read once at start.</summary>
internal sealed class ApiKeyRegistry
{
    private readonly Dictionary<string, ApiKeyEntry> _byHash;

    public ApiKeyRegistry(IEnumerable<ApiKeyEntry> keys, bool noAuth)
    {
        NoAuth = noAuth;
        _byHash = new Dictionary<string, ApiKeyEntry>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            _byHash[key.Sha256.ToLowerInvariant()] = key;
        }
    }

    public bool NoAuth { get; }

    public int Count => _byHash.Count;

    /// <summary>The entry of a presented key, or null. The lookup is by hash, so timing says nothing about stored keys.</summary>
    public ApiKeyEntry? Find(string presented) => _byHash.GetValueOrDefault(ApiKeyFile.Hash(presented));
}

/// <summary>Authenticates <c>Authorization: Bearer KEY</c>; the identity's name is the key's name, its roles the key's role and below.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyRegistry registry)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    /// <summary>The name of the identity when the service runs with --no-auth.</summary>
    public const string LocalName = "local";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (registry.NoAuth)
        {
            return Task.FromResult(Success(LocalName, ServiceRoles.Admin));
        }
        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        const string bearer = "Bearer ";
        if (!header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase) || header.Length > 512)
        {
            return Task.FromResult(AuthenticateResult.Fail("not a bearer key"));
        }
        var entry = registry.Find(header[bearer.Length..].Trim());
        // The same answer for every unknown key: nothing hints at which keys exist.
        return Task.FromResult(entry is null ? AuthenticateResult.Fail("unknown key") : Success(entry.Name, entry.Role));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Problems.Write(Context, StatusCodes.Status401Unauthorized, "API key required",
            "Send 'Authorization: Bearer KEY' with a key made by 'newsclf keys add NAME'.");
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await Problems.Write(Context, StatusCodes.Status403Forbidden, "Not allowed for this key",
            "This key's role does not allow this operation; ask for a key with the right role.");
    }

    private AuthenticateResult Success(string name, string role)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, name) };
        claims.AddRange(ServiceRoles.Implied(role).Select(r => new Claim(ClaimTypes.Role, r)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }
}
