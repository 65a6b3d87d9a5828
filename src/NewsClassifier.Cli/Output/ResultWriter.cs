using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CsvHelper;
using Spectre.Console;

namespace NewsClassifier.Cli.Output;

/// <summary>Writes results one at a time; <see cref="Complete"/> closes the document (a JSON array, a table).</summary>
internal abstract class ResultWriter(OutputOptions options) : IDisposable
{
    protected OutputOptions Options { get; } = options;

    public abstract void Write(TagResult result);

    public virtual void Complete()
    {
    }

    public virtual void Dispose()
    {
    }

    public static ResultWriter Create(OutputFormat format, Stream stream, OutputOptions options, IAnsiConsole? console) => format switch
    {
        OutputFormat.Jsonl => new JsonlWriter(stream, options),
        OutputFormat.Json => new JsonArrayWriter(stream, options),
        OutputFormat.Csv => new CsvResultWriter(stream, options),
        _ => new TableWriter(console ?? throw new ArgumentNullException(nameof(console)), options),
    };

    protected static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = false };
}

/// <summary>One JSON object per line, flushed line by line so an interrupted run leaves whole lines.</summary>
internal sealed class JsonlWriter(Stream stream, OutputOptions options) : ResultWriter(options)
{
    private readonly Utf8JsonWriter _json = new(stream, JsonOptions);

    public override void Write(TagResult result)
    {
        TagResultJson.Write(_json, result, Options.Labels, Options.TopK);
        _json.Flush();
        _json.Reset();
        stream.WriteByte((byte)'\n');
    }

    public override void Complete() => stream.Flush();

    public override void Dispose() => _json.Dispose();
}

/// <summary>A single JSON array.</summary>
internal sealed class JsonArrayWriter : ResultWriter
{
    private readonly Stream _stream;
    private readonly Utf8JsonWriter _json;

    public JsonArrayWriter(Stream stream, OutputOptions options) : base(options)
    {
        _stream = stream;
        _json = new Utf8JsonWriter(stream, JsonOptions with { Indented = true });
        _json.WriteStartArray();
    }

    public override void Write(TagResult result) => TagResultJson.Write(_json, result, Options.Labels, Options.TopK);

    public override void Complete()
    {
        _json.WriteEndArray();
        _json.Flush();
        _stream.WriteByte((byte)'\n');
        _stream.Flush();
    }

    public override void Dispose() => _json.Dispose();
}

/// <summary>CSV: assigned topics joined by ';', one score column per label, countries, primary country, error.</summary>
internal sealed class CsvResultWriter : ResultWriter
{
    private readonly StreamWriter _text;
    private readonly CsvWriter _csv;

    public CsvResultWriter(Stream stream, OutputOptions options) : base(options)
    {
        _text = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
        _csv = new CsvWriter(_text, CultureInfo.InvariantCulture, leaveOpen: true);
        foreach (var column in new[] { "id", "title", "topics" }.Concat(options.Labels.Select(l => "score_" + l)).Concat(["countries", "primary_country", "error", "warnings"]))
        {
            _csv.WriteField(column);
        }
        _csv.NextRecord();
    }

    public override void Write(TagResult result)
    {
        _csv.WriteField(Cell(result.Id));
        _csv.WriteField(Cell(result.Title ?? ""));
        _csv.WriteField(Cell(string.Join(';', result.Topics.Select(t => t.Label))));
        foreach (var label in Options.Labels)
        {
            _csv.WriteField(result.TopicScores.TryGetValue(label, out var s) ? s.ToString("0.####", CultureInfo.InvariantCulture) : "");
        }
        _csv.WriteField(string.Join(';', result.Countries.Select(c => c.Code)));
        _csv.WriteField(result.PrimaryCountry ?? "");
        _csv.WriteField(Cell(result.Error ?? ""));
        _csv.WriteField(Cell(string.Join(';', result.Warnings)));
        _csv.NextRecord();
        _csv.Flush();
    }

    public override void Complete()
    {
        _csv.Flush();
        _text.Flush();
    }

    /// <summary>
    /// A text cell made safe to open in a spreadsheet, following OWASP's CSV injection guidance: a cell that starts
    /// with '=', '+', '-', '@', a tab or a carriage return would be read as a formula, so it gets a leading single
    /// quote, which spreadsheets show as text. Quotes and separators inside the cell are quoted by CsvHelper as usual.
    /// </summary>
    internal static string Cell(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    public override void Dispose()
    {
        _csv.Dispose();
        _text.Dispose();
    }
}

/// <summary>A table for people at a terminal.</summary>
internal sealed class TableWriter(IAnsiConsole console, OutputOptions options) : ResultWriter(options)
{
    private readonly Table _table = new Table().AddColumns("id", "title", "topics", "countries", "primary").Border(TableBorder.Rounded);

    public override void Write(TagResult result)
    {
        if (result.Error is { } error)
        {
            _table.AddRow(Markup.Escape(result.Id), $"[red]{Markup.Escape(error)}[/]", "", "", "");
            return;
        }
        var topics = result.Topics.Count == 0 ? "(none)" : string.Join(", ", result.Topics.Select(t => $"{t.Label} {t.Score:0.00}"));
        var countries = string.Join(", ", result.Countries.Select(c => c.Code));
        if (result.Explanation is { } explanation)
        {
            // With --explain each topic lists its words and each country its evidence, under the scores.
            topics += string.Concat(result.Topics.Select(t =>
                $"\n  {t.Label}: {(explanation.TopicTerms.TryGetValue(t.Label, out var terms) && terms.Count > 0 ? string.Join(", ", terms.Select(x => x.Term)) : "(no single word)")}"));
            countries += string.Concat(explanation.Countries.Take(4).Select(c =>
                $"\n  {c.Code}: {c.Mentions}x{(c.InHeadline ? ", headline" : "")}, via {string.Join(", ", c.Via.Take(3))}"));
        }
        _table.AddRow(
            Markup.Escape(result.Id),
            Markup.Escape(Shorten(result.Title ?? "", 60)),
            Markup.Escape(topics),
            Markup.Escape(countries),
            Markup.Escape(result.PrimaryCountry ?? "-"));
    }

    public override void Complete() => console.Write(_table);

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
