using System.Runtime.CompilerServices;
using System.Text;

namespace NewsClassifier.Internal.Reading;

/// <summary>
/// Reads CSV (RFC 4180: a header row, quoted fields may hold delimiters, doubled quotes and line breaks) one
/// record at a time. Every bad row becomes an error record naming its line, and reading goes on:
/// invalid UTF-8, a wrong number of fields, and a quote never closed (the row is reported and reading
/// resumes at the next line, instead of the open quote swallowing the rest of the file).
/// </summary>
internal static class CsvRecords
{
    private sealed record Line(int Number, string? Text, int BadByte, int Bytes);

    public static async IAsyncEnumerable<StoryRecord> ReadAsync(Stream utf8, string name, StoryReaderOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var lines = ByteLines.ReadAsync(utf8, options.MaxRecordBytes, cancellationToken).GetAsyncEnumerator(cancellationToken);
        var pushedBack = new Stack<Line>();
        try
        {
            async ValueTask<Line?> Next()
            {
                if (pushedBack.TryPop(out var again))
                {
                    return again;
                }
                if (!await lines.MoveNextAsync().ConfigureAwait(false))
                {
                    return null;
                }
                var raw = lines.Current;
                if (raw.TooLong)
                {
                    return new Line(raw.Number, null, -2, (int)Math.Min(int.MaxValue, raw.Length));
                }
                return TextDecoding.TryDecodeUtf8Line(raw.Bytes, out var text, out var bad)
                    ? new Line(raw.Number, text, -1, raw.Bytes.Length)
                    : new Line(raw.Number, null, bad, raw.Bytes.Length);
            }

            // The header: the first non-blank line.
            Line? headerLine;
            do
            {
                headerLine = await Next().ConfigureAwait(false);
            }
            while (headerLine is { Text: { } t } && t.Trim().Length == 0);
            if (headerLine is null)
            {
                yield return StoryRecord.Failed(name, "the CSV file is empty: it has no header row");
                yield break;
            }
            if (headerLine.Text is null)
            {
                yield return StoryRecord.Failed(name, $"the CSV header (line {headerLine.Number}) is {Describe(headerLine, options)}");
                yield break;
            }
            var delimiter = DetectDelimiter(headerLine.Text);
            var header = Split(headerLine.Text, delimiter, out var headerOpen);
            if (headerOpen)
            {
                yield return StoryRecord.Failed(name, $"the CSV header (line {headerLine.Number}) has a quote that is never closed");
                yield break;
            }
            int Column(string column) => Array.FindIndex(header, h => string.Equals(h.Trim(), column, StringComparison.OrdinalIgnoreCase));
            var idAt = Column(options.IdField);
            var titleAt = options.TitleField is { } tf ? Column(tf) : -1;
            var textAt = options.TextFields.Select(Column).ToArray();
            if (textAt.All(i => i < 0) && titleAt < 0)
            {
                yield return StoryRecord.Failed(name, $"the CSV header [{string.Join(", ", header)}] has no '{string.Join("', '", options.TextFields)}' column; name the column that holds the text");
                yield break;
            }

            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var first = await Next().ConfigureAwait(false);
                if (first is null)
                {
                    yield break;
                }
                if (first.Text is { } blank && blank.Trim().Length == 0)
                {
                    continue;
                }
                var source = $"{name}:{first.Number}";
                var taken = new List<Line> { first };
                var problem = first.Text is null ? Describe(first, options) : null;
                var record = new StringBuilder(first.Text ?? "");
                var size = first.Bytes;
                var state = problem is null ? ScanQuotes(first.Text!, delimiter, startsInQuote: false) : QuoteState.Closed;
                // A quoted field may span lines: keep taking lines while a quote is open.
                while (problem is null && state != QuoteState.Closed)
                {
                    var next = state == QuoteState.Broken || size > options.MaxRecordBytes ? null : await Next().ConfigureAwait(false);
                    if (next is null || next.Text is null)
                    {
                        if (next is not null)
                        {
                            pushedBack.Push(next);
                        }
                        // Unclosed: report this row and read on from the line after it.
                        for (var k = taken.Count - 1; k >= 1; k--)
                        {
                            pushedBack.Push(taken[k]);
                        }
                        problem = state == QuoteState.Broken && taken.Count == 1
                            ? "a quoted field is closed in the middle (a quote inside quotes must be doubled: \"\")"
                            : $"a quoted field opened on line {first.Number} is never closed; the lines after it are read as new rows";
                        break;
                    }
                    taken.Add(next);
                    size += next.Bytes;
                    record.Append('\n').Append(next.Text);
                    state = ScanQuotes(next.Text, delimiter, startsInQuote: true);
                }
                if (problem is not null)
                {
                    yield return StoryRecord.Failed(source, problem);
                    continue;
                }
                var fields = Split(record.ToString(), delimiter, out _);
                var id = idAt >= 0 && idAt < fields.Length ? fields[idAt] : null;
                id = string.IsNullOrEmpty(id) ? source : id;
                if (fields.Length != header.Length)
                {
                    yield return StoryRecord.Failed(source, $"the row has {fields.Length} fields but the header has {header.Length}", id);
                    continue;
                }
                var title = titleAt >= 0 ? fields[titleAt] : null;
                var text = string.Join("\n\n", textAt.Where(i => i >= 0).Select(i => fields[i]).Where(s => s.Length > 0));
                IReadOnlyDictionary<string, IReadOnlyList<string>>? kept = null;
                if (options.KeepFields)
                {
                    var dict = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
                    for (var k = 0; k < header.Length; k++)
                    {
                        dict.TryAdd(header[k].Trim(), [fields[k]]);
                    }
                    kept = dict;
                }
                yield return StoryRecord.Story(new NewsArticle(id, text, string.IsNullOrEmpty(title) ? null : title), source, fields: kept);
            }
        }
        finally
        {
            await lines.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static string Describe(Line line, StoryReaderOptions options) => line.BadByte == -2
        ? $"longer than the limit of {options.MaxRecordBytes:N0} bytes"
        : $"not valid UTF-8 (bad byte at offset {line.BadByte} of line {line.Number}); re-save the file as UTF-8";

    /// <summary>The delimiter the header uses most outside quotes: comma, semicolon, tab or bar.</summary>
    internal static char DetectDelimiter(string header)
    {
        char[] candidates = [',', ';', '\t', '|'];
        var counts = new int[candidates.Length];
        var quoted = false;
        foreach (var c in header)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && Array.IndexOf(candidates, c) is var k and >= 0)
            {
                counts[k]++;
            }
        }
        var best = 0;
        for (var k = 1; k < candidates.Length; k++)
        {
            if (counts[k] > counts[best])
            {
                best = k;
            }
        }
        return candidates[best];
    }

    private enum QuoteState
    {
        Closed,
        Open,

        /// <summary>A closing quote followed by something other than a delimiter or the end of the line: the quotes do not pair up.</summary>
        Broken,
    }

    /// <summary>Whether a line ends inside a quoted field (scanned alone, so a long multi-line field costs linear time).</summary>
    private static QuoteState ScanQuotes(string line, char delimiter, bool startsInQuote)
    {
        var inQuotes = startsInQuote;
        var atFieldStart = !startsInQuote;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < line.Length && line[i + 1] == '"')
                    {
                        i++;
                    }
                    else if (i + 1 < line.Length && line[i + 1] != delimiter)
                    {
                        return QuoteState.Broken;
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                continue;
            }
            if (c == delimiter)
            {
                atFieldStart = true;
                continue;
            }
            inQuotes = c == '"' && atFieldStart;
            atFieldStart = false;
        }
        return inQuotes ? QuoteState.Open : QuoteState.Closed;
    }

    /// <summary>Splits one record into fields: quotes around a field are removed, doubled quotes inside it become one.</summary>
    internal static string[] Split(string record, char delimiter, out bool quoteOpen)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        var atFieldStart = true;
        for (var i = 0; i < record.Length; i++)
        {
            var c = record[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < record.Length && record[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    field.Append(c);
                }
                continue;
            }
            if (c == delimiter)
            {
                fields.Add(field.ToString());
                field.Clear();
                atFieldStart = true;
                continue;
            }
            if (c == '"' && atFieldStart)
            {
                inQuotes = true;
                atFieldStart = false;
                continue;
            }
            // A quote inside an unquoted field is kept as written (lenient, as most spreadsheets write it).
            field.Append(c);
            atFieldStart = false;
        }
        fields.Add(field.ToString());
        quoteOpen = inQuotes;
        return fields.ToArray();
    }
}
