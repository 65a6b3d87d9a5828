using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace NewsClassifier.Service.Internal;

/// <summary>One story as a client sends it.</summary>
/// <param name="Review">True asks for the story to be queued for the editors' review (the desk).</param>
internal sealed record StoryRequest(string? Id, string? Title, string? Text, bool? Review = null);

/// <summary>Reads request bodies within limits and turns every way they can be wrong into a problem (400, 408, 413, 415).</summary>
internal static class RequestBody
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { MaxDepth = 8 };

    /// <summary>Whether the request's media type is one of <paramref name="accepted"/> (parameters such as charset ignored).</summary>
    public static bool HasMediaType(HttpRequest request, params string[] accepted)
    {
        var type = request.ContentType?.Split(';', 2)[0].Trim();
        return type is not null && accepted.Any(a => string.Equals(a, type, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The 415 answer naming the media types an endpoint takes.</summary>
    public static IResult WrongMediaType(HttpRequest request, params string[] accepted) =>
        Problems.Result(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
            $"This endpoint takes {string.Join(" or ", accepted)}, not '{Truncate(request.ContentType ?? "(none)")}'.");

    /// <summary>The 413 answer.</summary>
    public static IResult TooLarge(long limit, string what) =>
        Problems.Result(StatusCodes.Status413PayloadTooLarge, "Request body too large",
            $"The {what} is larger than the limit of {limit:N0} bytes. Send less, or raise Service:{(what == "batch" ? "MaxBatchBytes" : "MaxStoryBytes")}.");

    /// <summary>Sets the server's own limit on this request's body, so a chunked body that grows past it is cut off.</summary>
    public static IResult? Limit(HttpContext context, long limit, string what)
    {
        if (context.Request.ContentLength is { } length && length > limit)
        {
            return TooLarge(limit, what);
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }
        return null;
    }

    /// <summary>Reads the whole body, at most <paramref name="limit"/> bytes; the problem says why it could not.</summary>
    public static async Task<(byte[]? Body, IResult? Problem)> ReadAsync(HttpContext context, long limit, string what)
    {
        if (Limit(context, limit, what) is { } refused)
        {
            return (null, refused);
        }
        var buffer = new ArrayBufferWriter<byte>(4096);
        try
        {
            var body = context.Request.Body;
            while (true)
            {
                var memory = buffer.GetMemory(16 * 1024);
                var read = await body.ReadAsync(memory, context.RequestAborted);
                if (read == 0)
                {
                    break;
                }
                buffer.Advance(read);
                if (buffer.WrittenCount > limit)
                {
                    return (null, TooLarge(limit, what));
                }
            }
        }
        catch (BadHttpRequestException ex)
        {
            // Kestrel's own verdicts: 413 past the body limit, 408 for a body that trickles in too slowly.
            return (null, ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? TooLarge(limit, what)
                : Problems.Result(ex.StatusCode, "Bad request body", "The request body could not be read: it arrived too slowly or was cut off."));
        }
        return (buffer.WrittenSpan.ToArray(), null);
    }

    /// <summary>Parses one story object; null and a problem when the JSON is malformed or has the wrong shape.</summary>
    public static (StoryRequest? Story, string? Problem) ParseStory(ReadOnlySpan<byte> json)
    {
        try
        {
            var story = JsonSerializer.Deserialize<StoryRequest>(json, Json);
            return story is null ? (null, "the body is JSON null, not a story object {\"id\", \"title\", \"text\"}") : (story, null);
        }
        catch (JsonException ex)
        {
            // The position, never the content: the body may be a story.
            var where = ex.LineNumber is { } line ? $" at line {line + 1}, byte {ex.BytePositionInLine + 1}" : "";
            return (null, $"not a valid story object {{\"id\", \"title\", \"text\"}} (malformed JSON or a field of the wrong type{where})");
        }
    }

    /// <summary>Decodes UTF-8 text strictly; null when the bytes are not UTF-8.</summary>
    public static string? DecodeUtf8(byte[] bytes)
    {
        try
        {
            var start = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, start, bytes.Length - start);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static string Truncate(string value) => value.Length <= 80 ? value : value[..80] + "...";
}
