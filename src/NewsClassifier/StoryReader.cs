using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using NewsClassifier.Internal;
using NewsClassifier.Internal.Reading;

namespace NewsClassifier;

/// <summary>
/// Reads stories from files, folders and streams as records: one per format (text, scraped page, JSON Lines,
/// JSON, CSV), each reading asynchronously and applying one bad-record policy. Every record a source holds
/// yields one <see cref="StoryRecord"/>: a story, or an error naming the file, line or row and why.
/// </summary>
public static class StoryReader
{
    /// <summary>The path that names standard input.</summary>
    public const string StandardInput = "-";

    /// <summary>The paths that are neither a file, a folder nor <see cref="StandardInput"/>.</summary>
    public static IReadOnlyList<string> Missing(IEnumerable<string> paths) =>
        paths.Where(p => p != StandardInput && !File.Exists(p) && !Directory.Exists(p)).ToList();

    /// <summary>
    /// Reads every path in turn: files, folders (every file below, in path order) and "-" for <paramref name="openStandardInput"/>.
    /// Ids are checked for duplicates across all the paths when <see cref="StoryReaderOptions.RefuseDuplicateIds"/> is set.
    /// </summary>
    public static async IAsyncEnumerable<StoryRecord> ReadAsync(
        IEnumerable<string> paths,
        StoryReaderOptions? options = null,
        RunSummary? summary = null,
        Func<Stream>? openStandardInput = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        options = (options ?? new StoryReaderOptions()).Validate();
        var raw = options with { BadRecords = BadRecordPolicy.ErrorRecord, BadRecordFound = null };
        var seen = options.RefuseDuplicateIds ? new HashSet<ulong>() : null;
        foreach (var path in paths)
        {
            var records = path == StandardInput
                ? ReadAsync(openStandardInput?.Invoke() ?? Console.OpenStandardInput(), "stdin", raw, cancellationToken)
                : Directory.Exists(path) ? ReadFolderAsync(path, raw, summary, cancellationToken) : ReadFileAsync(path, raw, cancellationToken);
            await foreach (var record in records.ConfigureAwait(false))
            {
                var checkedRecord = record;
                if (seen is not null && !record.IsError && !seen.Add(IdHash(record.Id)))
                {
                    checkedRecord = StoryRecord.Failed(record.Source, $"duplicate id '{record.Id}' (an earlier record has it); give every story its own id", record.Id);
                }
                if (Apply(checkedRecord, options) is { } kept)
                {
                    yield return kept;
                }
            }
        }
    }

    /// <summary>Reads every file below a folder in path order. Hidden entries are left out and counted in <paramref name="summary"/>; links are followed, each real file once.</summary>
    public static async IAsyncEnumerable<StoryRecord> ReadFolderAsync(string folder, StoryReaderOptions? options = null, RunSummary? summary = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        options = (options ?? new StoryReaderOptions()).Validate();
        foreach (var entry in FolderWalker.Walk(folder, options.MaxFolderDepth, summary))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (entry.Error is { } error)
            {
                if (Apply(StoryRecord.Failed(entry.Path, error), options) is { } failed)
                {
                    yield return failed;
                }
                continue;
            }
            await foreach (var record in ReadFileAsync(entry.Path, options, cancellationToken).ConfigureAwait(false))
            {
                yield return record;
            }
        }
    }

    /// <summary>Reads one file; with <see cref="StoryFormat.Auto"/> the format follows the extension (and the content, for .json).</summary>
    public static async IAsyncEnumerable<StoryRecord> ReadFileAsync(string path, StoryReaderOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        options = (options ?? new StoryReaderOptions()).Validate();
        // A pipe named here is read (process substitution, '<(command)', names one); inside folders FolderWalker skips them.
        Stream? stream = null;
        string? error = null;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            error = $"cannot read the file: {ex.Message}";
        }
        if (stream is null)
        {
            if (Apply(StoryRecord.Failed(path, error!), options) is { } failed)
            {
                yield return failed;
            }
            yield break;
        }
        var format = options.Format == StoryFormat.Auto ? FormatOf(path) : options.Format;
        await foreach (var record in ReadAsync(stream, path, options with { Format = format }, cancellationToken).ConfigureAwait(false))
        {
            yield return record;
        }
    }

    /// <summary>
    /// Reads a stream named <paramref name="name"/> (the name starts every record's <see cref="StoryRecord.Source"/>), and disposes it.
    /// A byte-order mark is honoured (UTF-8, UTF-16, UTF-32); <see cref="StoryFormat.Auto"/> looks at the content: '{' JSON Lines, '[' JSON, else text.
    /// </summary>
    public static async IAsyncEnumerable<StoryRecord> ReadAsync(Stream stream, string name, StoryReaderOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options = (options ?? new StoryReaderOptions()).Validate();
        await using var _ = stream.ConfigureAwait(false);
        var records = ReadUnguarded(stream, name, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                StoryRecord? failure = null;
                bool more;
                try
                {
                    more = await records.MoveNextAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DecoderFallbackException)
                {
                    more = false;
                    failure = StoryRecord.Failed(name, $"reading stopped: {ex.Message}");
                }
                if (failure is not null)
                {
                    if (Apply(failure, options) is { } failed)
                    {
                        yield return failed;
                    }
                    yield break;
                }
                if (!more)
                {
                    yield break;
                }
                if (Apply(records.Current, options) is { } record)
                {
                    yield return record;
                }
            }
        }
        finally
        {
            await records.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Reads a text story: the first non-empty line is the headline, the rest the body.</summary>
    public static IAsyncEnumerable<StoryRecord> ReadTextAsync(Stream stream, string name, StoryReaderOptions? options = null, CancellationToken cancellationToken = default) =>
        ReadAsync(stream, name, (options ?? new StoryReaderOptions()) with { Format = StoryFormat.Text }, cancellationToken);

    /// <summary>Reads a scraped page: one record per story on it, named "name#n".</summary>
    public static IAsyncEnumerable<StoryRecord> ReadPageAsync(Stream stream, string name, StoryReaderOptions? options = null, CancellationToken cancellationToken = default) =>
        ReadAsync(stream, name, (options ?? new StoryReaderOptions()) with { Format = StoryFormat.Page }, cancellationToken);

    /// <summary>Reads JSON Lines: one object per line, records named "name:line".</summary>
    public static IAsyncEnumerable<StoryRecord> ReadJsonlAsync(Stream stream, string name, StoryReaderOptions? options = null, CancellationToken cancellationToken = default) =>
        ReadAsync(stream, name, (options ?? new StoryReaderOptions()) with { Format = StoryFormat.Jsonl }, cancellationToken);

    /// <summary>Reads a JSON array of objects (or a sequence of objects), records named "name[n]".</summary>
    public static IAsyncEnumerable<StoryRecord> ReadJsonAsync(Stream stream, string name, StoryReaderOptions? options = null, CancellationToken cancellationToken = default) =>
        ReadAsync(stream, name, (options ?? new StoryReaderOptions()) with { Format = StoryFormat.Json }, cancellationToken);

    /// <summary>Reads CSV with a header row, records named "name:line" (the line the row starts on).</summary>
    public static IAsyncEnumerable<StoryRecord> ReadCsvAsync(Stream stream, string name, StoryReaderOptions? options = null, CancellationToken cancellationToken = default) =>
        ReadAsync(stream, name, (options ?? new StoryReaderOptions()) with { Format = StoryFormat.Csv }, cancellationToken);

    private static StoryFormat FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".jsonl" or ".ndjson" => StoryFormat.Jsonl,
        ".json" => StoryFormat.Auto,
        ".csv" => StoryFormat.Csv,
        ".html" or ".htm" or ".xhtml" => StoryFormat.Html,
        _ => StoryFormat.Text,
    };

    private static StoryRecord? Apply(StoryRecord record, StoryReaderOptions options)
    {
        if (!record.IsError)
        {
            return record;
        }
        options.BadRecordFound?.Invoke(record);
        return options.BadRecords switch
        {
            BadRecordPolicy.Skip => null,
            BadRecordPolicy.Throw => throw BadRecordException.For(record),
            _ => record,
        };
    }

    private static async IAsyncEnumerable<StoryRecord> ReadUnguarded(Stream stream, string name, StoryReaderOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var head = await PrefixedStream.ReadHeadAsync(stream, 4, cancellationToken).ConfigureAwait(false);
        var whole = new PrefixedStream(head, stream);
        if (options.Format is StoryFormat.Text or StoryFormat.Page or StoryFormat.Html)
        {
            await foreach (var record in ReadWholeAsync(whole, name, options, cancellationToken).ConfigureAwait(false))
            {
                yield return record;
            }
            yield break;
        }
        // Structured formats are read as UTF-8: skip a UTF-8 mark, transcode UTF-16 and UTF-32.
        var (encoding, markLength) = TextDecoding.ByByteOrderMark(head);
        Stream utf8 = new PrefixedStream(head[markLength..], stream);
        if (encoding is not null && encoding.CodePage != Encoding.UTF8.CodePage)
        {
            utf8 = Encoding.CreateTranscodingStream(utf8, encoding, Encoding.UTF8);
        }
        var format = options.Format;
        if (format == StoryFormat.Auto)
        {
            (utf8, format) = await SniffAsync(utf8, name, cancellationToken).ConfigureAwait(false);
            if (format == StoryFormat.Text)
            {
                // Not JSON: a text story after all (standard input), now UTF-8 without a mark.
                await foreach (var record in ReadWholeAsync(utf8, name, options with { Format = StoryFormat.Text }, cancellationToken).ConfigureAwait(false))
                {
                    yield return record;
                }
                yield break;
            }
        }
        var records = format switch
        {
            StoryFormat.Csv => CsvRecords.ReadAsync(utf8, name, options, cancellationToken),
            StoryFormat.Json => ReadJsonValuesAsync(utf8, name, options, cancellationToken),
            _ => ReadJsonLinesAsync(utf8, name, options, cancellationToken),
        };
        await foreach (var record in records.ConfigureAwait(false))
        {
            yield return record;
        }
    }

    /// <summary>Looks at the first non-blank byte: '{' JSON Lines (or one object spread over lines), '[' a JSON array, anything else text.</summary>
    private static async Task<(Stream, StoryFormat)> SniffAsync(Stream utf8, string name, CancellationToken cancellationToken)
    {
        var peeked = new MemoryStream();
        var buffer = new byte[1];
        int first = -1;
        while (await utf8.ReadAsync(buffer, cancellationToken).ConfigureAwait(false) == 1)
        {
            peeked.WriteByte(buffer[0]);
            if (buffer[0] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                first = buffer[0];
                break;
            }
        }
        if (first == '{')
        {
            // Read the rest of the first line: a whole object there means JSON Lines; otherwise one object spread over lines.
            while (await utf8.ReadAsync(buffer, cancellationToken).ConfigureAwait(false) == 1 && buffer[0] != (byte)'\n' && peeked.Length < 1 << 20)
            {
                peeked.WriteByte(buffer[0]);
            }
            var firstLine = peeked.ToArray();
            var restored = new PrefixedStream(buffer[0] == (byte)'\n' ? [.. firstLine, (byte)'\n'] : firstLine, utf8);
            return (restored, IsWholeJson(firstLine) ? StoryFormat.Jsonl : StoryFormat.Json);
        }
        return (new PrefixedStream(peeked.ToArray(), utf8), first == '[' ? StoryFormat.Json : StoryFormat.Text);
    }

    private static bool IsWholeJson(byte[] line)
    {
        try
        {
            using var _ = JsonDocument.Parse(line);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static async IAsyncEnumerable<StoryRecord> ReadJsonLinesAsync(Stream utf8, string name, StoryReaderOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var line in ByteLines.ReadAsync(utf8, options.MaxRecordBytes, cancellationToken).ConfigureAwait(false))
        {
            var source = $"{name}:{line.Number}";
            if (line.TooLong)
            {
                yield return StoryRecord.Failed(source, $"the line has {line.Length:N0} bytes, more than the limit of {options.MaxRecordBytes:N0}");
                continue;
            }
            if (IsBlank(line.Bytes))
            {
                continue; // blank lines are not records
            }
            yield return JsonRecords.FromLine(line.Bytes, source, options);
        }
    }

    private static async IAsyncEnumerable<StoryRecord> ReadJsonValuesAsync(Stream utf8, string name, StoryReaderOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // An array is read item by item; anything else as a sequence of top-level values.
        var leading = new List<byte>();
        var one = new byte[1];
        while (await utf8.ReadAsync(one, cancellationToken).ConfigureAwait(false) == 1)
        {
            leading.Add(one[0]);
            if (one[0] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                break;
            }
        }
        var isArray = leading.Count > 0 && leading[^1] == (byte)'[';
        var all = new PrefixedStream(leading.ToArray(), utf8);
        var items = JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(all, topLevelValues: !isArray, new JsonSerializerOptions { MaxDepth = 64 }, cancellationToken)
            .GetAsyncEnumerator(cancellationToken);
        var index = 0;
        try
        {
            while (true)
            {
                string? error = null;
                bool more;
                try
                {
                    more = await items.MoveNextAsync().ConfigureAwait(false);
                }
                catch (JsonException ex)
                {
                    more = false;
                    error = $"not valid JSON after item {index} ({JsonRecords.FirstSentence(ex.Message)}); the rest of the file is not read";
                }
                catch (InvalidOperationException ex)
                {
                    more = false;
                    error = $"not valid JSON after item {index} ({JsonRecords.FirstSentence(ex.Message)}); the rest of the file is not read";
                }
                if (error is not null)
                {
                    yield return StoryRecord.Failed($"{name}[{index}]", error);
                    yield break;
                }
                if (!more)
                {
                    if (index == 0 && !isArray)
                    {
                        yield return StoryRecord.Failed(name, "the JSON file holds no object");
                    }
                    yield break;
                }
                yield return JsonRecords.FromElement(items.Current, $"{name}[{index}]", options);
                index++;
            }
        }
        finally
        {
            await items.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async IAsyncEnumerable<StoryRecord> ReadWholeAsync(Stream stream, string name, StoryReaderOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (bytes, tooLong) = await ReadAllAsync(stream, options.MaxRecordBytes, cancellationToken).ConfigureAwait(false);
        if (tooLong)
        {
            yield return StoryRecord.Failed(name, $"the file is larger than the limit of {options.MaxRecordBytes:N0} bytes");
            yield break;
        }
        if (bytes.Length == 0)
        {
            yield return StoryRecord.Failed(name, "the file is empty");
            yield break;
        }
        if (!TextDecoding.TryDecode(bytes, out var text, out var error))
        {
            yield return StoryRecord.Failed(name, error);
            yield break;
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            yield return StoryRecord.Failed(name, "the file holds only white space");
            yield break;
        }
        // A text file holding a web page is read as one, whatever its extension.
        if (options.Format is StoryFormat.Page or StoryFormat.Html || options.Format == StoryFormat.Text && NewsIntake.LooksLikeHtml(text))
        {
            foreach (var record in PageRecords(name, text, options.Format == StoryFormat.Page ? PageFormat.Auto : PageFormat.Html, options))
            {
                yield return record;
            }
            yield break;
        }
        var (title, body) = NewsIntake.SplitHeadline(text);
        yield return StoryRecord.Story(new NewsArticle(name, body, title), name);
    }

    /// <summary>One record per story of a page; with <see cref="StoryReaderOptions.ExplainPages"/> each carries the page's lines up to its own last one.</summary>
    private static List<StoryRecord> PageRecords(string name, string text, PageFormat format, StoryReaderOptions options)
    {
        var analysis = options.ExplainPages
            ? NewsIntake.AnalyzePage(text, format, model: options.PageModel)
            : new PageAnalysis(NewsIntake.SplitPage(text, format, options.PageModel), [], format);
        var stories = analysis.Stories;
        if (stories.Count == 0)
        {
            return [StoryRecord.Failed(name, $"no story found on the page (no headline followed by a paragraph among its {text.Count(c => c == '\n') + 1} lines)")];
        }
        var records = new List<StoryRecord>(stories.Count);
        var from = 0;
        for (var i = 0; i < stories.Count; i++)
        {
            var story = stories[i];
            IReadOnlyList<PageLineVerdict>? lines = null;
            if (options.ExplainPages)
            {
                // Every line is reported once: the lines after the previous story up to this story's last; the last story takes the rest.
                var to = i == stories.Count - 1 ? analysis.Lines.Count : analysis.Lines.ToList().FindLastIndex(l => l.Story == i + 1) + 1;
                lines = analysis.Lines.Skip(from).Take(Math.Max(0, to - from)).ToList();
                from = Math.Max(from, to);
            }
            var id = NewsIntake.PageStoryId(name, i);
            records.Add(StoryRecord.Story(new NewsArticle(id, story.Text, story.Title) { Truncated = story.Truncated }, id, returnsText: true) with
            {
                PageStory = story,
                PageLines = lines,
            });
        }
        return records;
    }

    private static async Task<(byte[] Bytes, bool TooLong)> ReadAllAsync(Stream stream, int maxBytes, CancellationToken cancellationToken)
    {
        using var memory = new MemoryStream();
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (memory.Length + read > maxBytes)
            {
                return ([], true);
            }
            memory.Write(buffer, 0, read);
        }
        return (memory.ToArray(), false);
    }

    private static bool IsBlank(byte[] bytes) => bytes.All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r');

    // 64-bit hashes, not the ids themselves: a million-line input costs a few MB, not the ids' size.
    private static ulong IdHash(string id) => ((ulong)StableHash.Fnv1a(id) << 32) | StableHash.Fnv1a("#" + id);
}
