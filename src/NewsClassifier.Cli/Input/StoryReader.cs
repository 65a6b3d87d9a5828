using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;

namespace NewsClassifier.Cli.Input;

/// <summary>
/// Reads stories from files, folders and standard input as a stream of records. Every record read yields
/// a story or an error that names the file, line or row and the reason; nothing is skipped silently.
/// </summary>
internal sealed class StoryReader(InputFormat format, CsvColumns csvColumns, Func<Stream> openStdin, bool explainPages = false, PageModel? pageModel = null)
{
    public const string Stdin = "-";

    /// <summary>The paths that do not exist (a folder or file), for exit code 66 before any work starts.</summary>
    public static List<string> Missing(IEnumerable<string> paths) =>
        paths.Where(p => p != Stdin && !File.Exists(p) && !Directory.Exists(p)).ToList();

    public async IAsyncEnumerable<InputRecord> ReadAll(IReadOnlyList<string> paths, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var path in paths)
        {
            var files = path == Stdin ? [Stdin] : Directory.Exists(path) ? FilesUnder(path) : [path];
            foreach (var file in files)
            {
                foreach (var record in ReadFile(file))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    yield return record;
                }
                await Task.Yield();
            }
        }
    }

    private static IEnumerable<string> FilesUnder(string folder)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = false, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System };
        IEnumerable<string> files;
        try
        {
            files = Directory.EnumerateFiles(folder, "*", options).Order(StringComparer.Ordinal).ToList();
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            files = [folder];
        }
        return files;
    }

    private IEnumerable<InputRecord> ReadFile(string file)
    {
        var effective = format == InputFormat.Auto ? FormatOf(file) : format;
        Stream stream;
        try
        {
            stream = file == Stdin ? openStdin() : new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            return [InputRecord.Failed(file, $"cannot read the file: {ex.Message}")];
        }
        var name = file == Stdin ? "stdin" : file;
        if (file == Stdin && format == InputFormat.Auto)
        {
            (stream, effective) = SniffStdin(stream);
        }
        return effective switch
        {
            InputFormat.Jsonl => Guard(name, stream, ReadJsonl(name, stream)),
            InputFormat.Csv => Guard(name, stream, ReadCsv(name, stream)),
            InputFormat.Page => Guard(name, stream, ReadPage(name, stream, PageFormat.Auto)),
            InputFormat.Html => Guard(name, stream, ReadPage(name, stream, PageFormat.Html)),
            _ => Guard(name, stream, ReadText(name, stream)),
        };
    }

    /// <summary>Closes the stream when done and turns a read failure part-way into an error record.</summary>
    private static IEnumerable<InputRecord> Guard(string name, Stream stream, IEnumerable<InputRecord> records)
    {
        using (stream)
        {
            using var e = records.GetEnumerator();
            while (true)
            {
                string? failure = null;
                var more = false;
                try
                {
                    more = e.MoveNext();
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    failure = $"reading stopped: {ex.Message}";
                }
                if (failure is not null)
                {
                    yield return InputRecord.Failed(name, failure);
                    yield break;
                }
                if (!more)
                {
                    yield break;
                }
                yield return e.Current;
            }
        }
    }

    private static InputFormat FormatOf(string file) => Path.GetExtension(file).ToLowerInvariant() switch
    {
        ".jsonl" or ".ndjson" => InputFormat.Jsonl,
        ".csv" => InputFormat.Csv,
        ".html" or ".htm" or ".xhtml" => InputFormat.Html,
        _ => InputFormat.Text,
    };

    private static (Stream, InputFormat) SniffStdin(Stream stdin)
    {
        var buffered = new BufferedStream(stdin, 1 << 16);
        var head = new byte[1];
        var peeked = new MemoryStream();
        int b;
        while ((b = buffered.ReadByte()) >= 0)
        {
            peeked.WriteByte((byte)b);
            if (!char.IsWhiteSpace((char)b))
            {
                break;
            }
        }
        var guess = b == '{' ? InputFormat.Jsonl : InputFormat.Text;
        peeked.Position = 0;
        return (new ConcatStream(peeked, buffered), guess);
    }

    private IEnumerable<InputRecord> ReadText(string name, Stream stream)
    {
        var bytes = ReadAllBytes(stream);
        if (bytes.Length == 0)
        {
            yield return InputRecord.Failed(name, "the file is empty");
            yield break;
        }
        if (!TextDecoding.TryDecode(bytes, out var text, out var error))
        {
            yield return InputRecord.Failed(name, error);
            yield break;
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            yield return InputRecord.Failed(name, "the file holds only white space");
            yield break;
        }
        if (format == InputFormat.Auto && NewsIntake.LooksLikeHtml(text))
        {
            // Auto-detection by content: a text file holding a web page is split like one.
            foreach (var record in PagesOf(name, text, PageFormat.Html))
            {
                yield return record;
            }
            yield break;
        }
        var (title, body) = SplitTitle(text);
        yield return InputRecord.Story(new NewsArticle(name, body, title));
    }

    private IEnumerable<InputRecord> ReadPage(string name, Stream stream, PageFormat pageFormat)
    {
        var bytes = ReadAllBytes(stream);
        if (!TextDecoding.TryDecode(bytes, out var text, out var error))
        {
            return [InputRecord.Failed(name, error)];
        }
        return PagesOf(name, text, pageFormat);
    }

    /// <summary>One record per story of the page; under --explain each carries the page's lines up to its own last line.</summary>
    private List<InputRecord> PagesOf(string name, string text, PageFormat pageFormat)
    {
        var analysis = explainPages
            ? NewsIntake.AnalyzePage(text, pageFormat, model: pageModel)
            : new PageAnalysis(NewsIntake.SplitPage(text, pageFormat, pageModel), [], pageFormat);
        var stories = analysis.Stories;
        if (stories.Count == 0)
        {
            return [InputRecord.Failed(name, $"no story found on the page (no headline followed by a paragraph among its {CountLines(text)} lines)")];
        }
        var records = new List<InputRecord>(stories.Count);
        var from = 0;
        for (var i = 0; i < stories.Count; i++)
        {
            var story = stories[i];
            IReadOnlyList<PageLineVerdict>? lines = null;
            if (explainPages)
            {
                // Every line is reported once: the lines after the previous story up to this story's last one; the last story takes the rest.
                var to = i == stories.Count - 1 ? analysis.Lines.Count : analysis.Lines.ToList().FindLastIndex(l => l.Story == i + 1) + 1;
                lines = analysis.Lines.Skip(from).Take(Math.Max(0, to - from)).ToList();
                from = Math.Max(from, to);
            }
            records.Add(InputRecord.Story(new NewsArticle($"{name}#{i + 1}", story.Text, story.Title), story.Truncated, fromPage: true) with
            {
                PageStory = story,
                PageLines = lines,
            });
        }
        return records;
    }

    private static int CountLines(string text) => text.Count(c => c == '\n') + 1;

    private static IEnumerable<InputRecord> ReadJsonl(string name, Stream stream)
    {
        var seen = new HashSet<ulong>();
        foreach (var (number, bytes) in ByteLines.Read(stream))
        {
            if (IsBlank(bytes))
            {
                continue;
            }
            var where = $"{name}:{number}";
            yield return ParseJsonLine(where, bytes, seen);
        }
    }

    private static InputRecord ParseJsonLine(string where, byte[] bytes, HashSet<ulong> seen)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException ex)
        {
            return InputRecord.Failed(where, $"line {where} is not valid JSON ({ex.Message.Split('.')[0]})");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return InputRecord.Failed(where, $"line {where} is JSON but not an object");
            }
            if (!TryString(root, "id", out var id, out var idError) && idError is not null)
            {
                return InputRecord.Failed(where, $"line {where}: {idError}");
            }
            id = string.IsNullOrEmpty(id) ? where : id;
            if (!TryString(root, "text", out var text, out var textError))
            {
                return InputRecord.Failed(id, $"line {where}: {textError ?? "the \"text\" field is missing"}");
            }
            if (!TryString(root, "title", out var title, out var titleError) && titleError is not null)
            {
                return InputRecord.Failed(id, $"line {where}: {titleError}");
            }
            if (!seen.Add(IdHash(id)))
            {
                return InputRecord.Failed(id, $"line {where}: duplicate id '{id}' (an earlier line has it); give every story its own id");
            }
            return InputRecord.Story(new NewsArticle(id, text!, string.IsNullOrEmpty(title) ? null : title));
        }
    }

    /// <summary>Reads a string field; a missing field is false with no error, a field of another type is false with one.</summary>
    private static bool TryString(JsonElement root, string field, out string? value, out string? error)
    {
        value = null;
        error = null;
        if (!root.TryGetProperty(field, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return false;
        }
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                value = element.GetString();
                return true;
            case JsonValueKind.Number:
                value = element.GetRawText();
                return true;
            default:
                error = $"the \"{field}\" field must be a string, not {element.ValueKind.ToString().ToLowerInvariant()}";
                return false;
        }
    }

    private IEnumerable<InputRecord> ReadCsv(string name, Stream stream)
    {
        var badRows = new Dictionary<int, string>();
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            BadDataFound = args => badRows.TryAdd(args.Context.Parser!.Row, "unbalanced quotes"),
            MissingFieldFound = null,
            DetectColumnCountChanges = false,
            TrimOptions = TrimOptions.None,
        };
        using var reader = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        using var csv = new CsvReader(reader, config);
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { Length: > 0 } header)
        {
            yield return InputRecord.Failed(name, "the CSV file is empty: it has no header row");
            yield break;
        }
        int Column(string column) => Array.FindIndex(header, h => string.Equals(h.Trim(), column, StringComparison.OrdinalIgnoreCase));
        var textAt = Column(csvColumns.Text);
        var titleAt = Column(csvColumns.Title);
        var idAt = Column(csvColumns.Id);
        if (textAt < 0)
        {
            yield return InputRecord.Failed(name, $"the CSV header [{string.Join(", ", header)}] has no '{csvColumns.Text}' column; name it with --text-column");
            yield break;
        }
        var seen = new HashSet<ulong>();
        while (true)
        {
            bool more;
            string? failure = null;
            try
            {
                more = csv.Read();
            }
            catch (CsvHelperException ex)
            {
                more = false;
                failure = $"{name}: the CSV cannot be read past row {csv.Parser.Row} ({ex.GetType().Name})";
            }
            if (failure is not null)
            {
                yield return InputRecord.Failed($"{name}:{csv.Parser.Row}", failure);
                yield break;
            }
            if (!more)
            {
                yield break;
            }
            var row = csv.Parser.Row;
            var where = $"{name}:{row}";
            var count = csv.Parser.Count;
            var id = idAt >= 0 && idAt < count ? csv.GetField(idAt) : null;
            id = string.IsNullOrEmpty(id) ? where : id;
            // CsvHelper reads an unclosed quote to the end of the file without complaint: count the quotes.
            if (csv.Parser.RawRecord.Count(c => c == '"') % 2 == 1)
            {
                badRows.TryAdd(row, "unbalanced quotes (a quoted field is never closed)");
            }
            if (badRows.Remove(row, out var bad))
            {
                yield return InputRecord.Failed(id, $"row {where}: {bad}");
                continue;
            }
            if (count != header.Length)
            {
                yield return InputRecord.Failed(id, $"row {where} has {count} fields but the header has {header.Length}");
                continue;
            }
            var text = csv.GetField(textAt) ?? "";
            var title = titleAt >= 0 ? csv.GetField(titleAt) : null;
            if (!seen.Add(IdHash(id)))
            {
                yield return InputRecord.Failed(id, $"row {where}: duplicate id '{id}'");
                continue;
            }
            yield return InputRecord.Story(new NewsArticle(id, text, string.IsNullOrEmpty(title) ? null : title));
        }
    }

    /// <summary>The first non-empty line is the headline, the rest the body.</summary>
    internal static (string? Title, string Body) SplitTitle(string text)
    {
        var normalized = text.Replace("\r\n", "\n");
        var lines = normalized.Split('\n');
        var first = Array.FindIndex(lines, l => l.Trim().Length > 0);
        if (first < 0)
        {
            return (null, "");
        }
        var body = string.Join('\n', lines.Skip(first + 1)).Trim('\n', ' ', '\t');
        return (lines[first].Trim(), body);
    }

    private static byte[] ReadAllBytes(Stream stream)
    {
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    private static bool IsBlank(byte[] bytes) => bytes.All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r');

    // 64-bit hashes, not the ids themselves: a million-line input costs a few MB, not the ids' size.
    private static ulong IdHash(string id) =>
        ((ulong)Internal.StableHash.Fnv1a(id) << 32) | Internal.StableHash.Fnv1a("#" + id);
}

/// <summary>Reads one stream to its end, then another: puts sniffed bytes back in front of stdin.</summary>
internal sealed class ConcatStream(Stream first, Stream second) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = first.Read(buffer, offset, count);
        return n > 0 ? n : second.Read(buffer, offset, count);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            first.Dispose();
            second.Dispose();
        }
        base.Dispose(disposing);
    }
}
