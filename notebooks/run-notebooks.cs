#:property PublishAot=false
#:project ../src/NewsClassifier.Training/NewsClassifier.Training.csproj
#:package Microsoft.CodeAnalysis.CSharp.Scripting

// Runs the C# Polyglot Notebooks in this folder without a notebook kernel: each notebook's code cells are
// submitted in order to one Roslyn script session (the engine the .NET Interactive C# kernel is built on),
// against the NewsClassifier libraries, and what each cell prints or displays is saved back as its outputs.
//
//   dotnet run notebooks/run-notebooks.cs                          run every notebook, save the outputs
//   dotnet run notebooks/run-notebooks.cs -- --check --quick       run them, save nothing (what the tests do)
//   dotnet run notebooks/run-notebooks.cs -- 02-training --out /tmp/nb
//
// See notebooks/README.md.

using System.Collections;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

RunnerOptions options;
try
{
    options = RunnerOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(RunnerOptions.Usage);
    return 2;
}
if (options.Help)
{
    Console.WriteLine(RunnerOptions.Usage);
    return 0;
}

var folder = Paths.NotebookFolder();
var notebooks = Directory.GetFiles(folder, "*.ipynb").Order(StringComparer.Ordinal)
    .Where(p => options.Names.Count == 0 || options.Names.Any(n => Path.GetFileName(p).StartsWith(n, StringComparison.OrdinalIgnoreCase)))
    .ToList();
if (notebooks.Count == 0)
{
    Console.Error.WriteLine($"No notebook in {folder} matches [{string.Join(", ", options.Names)}].");
    return 2;
}
if (options.Quick)
{
    // The notebooks read this to keep their work small (fewer trainers and stories); see 02-training.ipynb.
    Environment.SetEnvironmentVariable("NOTEBOOK_QUICK", "1");
}

var session = ScriptSession.Create();
var failures = 0;
var total = Stopwatch.StartNew();
foreach (var path in notebooks)
{
    var notebook = Notebook.Load(path);
    var clock = Stopwatch.StartNew();
    var outcome = await NotebookExecutor.RunAsync(notebook, session, folder);
    var name = Path.GetFileName(path);
    if (outcome.Error is { } error)
    {
        failures++;
        Console.Error.WriteLine($"FAILED {name}, code cell {outcome.FailedCell} ({clock.Elapsed.TotalSeconds:0.0}s):");
        Console.Error.WriteLine(error);
        continue;
    }
    var where = options.Check ? "not saved (--check)" : Save(notebook, path, options.OutputFolder);
    Console.WriteLine($"ok     {name}: {outcome.CellsRun} code cells in {clock.Elapsed.TotalSeconds:0.0}s, {where}");
}
Console.WriteLine($"{notebooks.Count - failures} passed, {failures} failed ({total.Elapsed.TotalSeconds:0}s)");
return failures == 0 ? 0 : 1;

static string Save(Notebook notebook, string path, string? outputFolder)
{
    var target = outputFolder is null ? path : Path.Combine(Directory.CreateDirectory(outputFolder).FullName, Path.GetFileName(path));
    notebook.Save(target);
    return $"outputs saved to {Path.GetRelativePath(Directory.GetCurrentDirectory(), target)}";
}

/// <summary>What the command line asked for.</summary>
internal sealed record RunnerOptions(bool Check, bool Quick, string? OutputFolder, IReadOnlyList<string> Names, bool Help)
{
    public const string Usage = """
        Usage: dotnet run notebooks/run-notebooks.cs [-- [options] [notebook-name-prefix...]]
          --check       run the notebooks but do not save their outputs
          --quick       set NOTEBOOK_QUICK=1: the notebooks do less work (linear trainers, half the train split)
          --out DIR     save the executed notebooks into DIR instead of over the originals
          -h, --help    show this help
        Exit code: 0 when every notebook ran, 1 when one failed, 2 for a usage error.
        """;

    public static RunnerOptions Parse(IReadOnlyList<string> args)
    {
        bool check = false, quick = false, help = false;
        string? output = null;
        var names = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--check": check = true; break;
                case "--quick": quick = true; break;
                case "-h" or "--help": help = true; break;
                case "--out" when i + 1 < args.Count: output = args[++i]; break;
                case "--out": throw new ArgumentException("--out needs a folder.");
                case { } a when a.StartsWith('-'): throw new ArgumentException($"Unknown option '{a}'.");
                case { } name: names.Add(name); break;
            }
        }
        return new RunnerOptions(check, quick, output, names, help);
    }
}

/// <summary>Where the notebooks are: next to this file, found from the working folder (repo root or notebooks/).</summary>
internal static class Paths
{
    private const string Solution = "NewsClassifier.sln";

    public static string NotebookFolder()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, Solution)))
            {
                return Path.Combine(dir.FullName, "notebooks");
            }
        }
        return Path.GetDirectoryName(ThisFile())!;
    }

    private static string ThisFile([CallerFilePath] string path = "") => path;
}

/// <summary>One .ipynb file: its JSON, with the code cells' outputs replaced when it is run.</summary>
internal sealed class Notebook
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        IndentSize = 1,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly JsonObject _root;

    private Notebook(JsonObject root) => _root = root;

    public static Notebook Load(string path) =>
        new(JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new InvalidDataException($"{path} is not a JSON object."));

    /// <summary>The code cells, in order.</summary>
    public IEnumerable<JsonObject> CodeCells =>
        (_root["cells"]?.AsArray() ?? []).OfType<JsonObject>().Where(c => (string?)c["cell_type"] == "code");

    public static string Source(JsonObject cell) => cell["source"] switch
    {
        JsonArray lines => string.Concat(lines.Select(l => (string?)l)),
        JsonValue value => (string?)value ?? "",
        _ => "",
    };

    /// <summary>The cell's kernel language as Polyglot Notebooks records it ("csharp", "fsharp", "pwsh"...), if it says.</summary>
    public static string? Language(JsonObject cell) =>
        (string?)cell["metadata"]?["dotnet_interactive"]?["language"] ?? (string?)cell["metadata"]?["polyglot_notebook"]?["kernelName"];

    public static void SetOutputs(JsonObject cell, int? executionCount, IEnumerable<JsonObject> outputs)
    {
        cell["execution_count"] = executionCount;
        cell["outputs"] = new JsonArray(outputs.Cast<JsonNode>().ToArray());
    }

    public void Save(string path)
    {
        var text = _root.ToJsonString(Json) + "\n";
        var temp = path + ".tmp";
        File.WriteAllText(temp, text, new UTF8Encoding(false));
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Text as Jupyter stores it: a list of lines that keep their line ends.</summary>
    public static JsonArray Lines(string text)
    {
        var lines = new JsonArray();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                lines.Add(text[start..(i + 1)]);
                start = i + 1;
            }
        }
        if (start < text.Length)
        {
            lines.Add(text[start..]);
        }
        return lines;
    }
}

/// <summary>The outcome of running one notebook.</summary>
internal sealed record NotebookOutcome(int CellsRun, int? FailedCell, string? Error);

/// <summary>Submits a notebook's code cells, in order, to one script session and records their outputs.</summary>
internal static class NotebookExecutor
{
    /// <summary>A first line that marks a cell for Polyglot Notebooks only (its #r references and formatters).</summary>
    public const string PolyglotOnlyMarker = "// Polyglot Notebooks only";

    public static async Task<NotebookOutcome> RunAsync(Notebook notebook, ScriptSession session, string workingFolder)
    {
        var host = new NotebookHost();
        var previousDirectory = Directory.GetCurrentDirectory();
        var (stdout, stderr) = (Console.Out, Console.Error);
        Directory.SetCurrentDirectory(workingFolder); // Polyglot Notebooks run a notebook in its own folder.
        Console.SetOut(host.StandardOutput);
        Console.SetError(host.StandardError);
        ScriptState<object>? state = null;
        var count = 0;
        var cellNumber = 0;
        try
        {
            foreach (var cell in notebook.CodeCells.ToList())
            {
                cellNumber++;
                var source = Notebook.Source(cell);
                if (Notebook.Language(cell) is { } language and not "csharp")
                {
                    return new NotebookOutcome(count, cellNumber, $"The cell is in '{language}'; run-notebooks.cs runs C# cells only.");
                }
                if (source.TrimStart().StartsWith(PolyglotOnlyMarker, StringComparison.Ordinal))
                {
                    Notebook.SetOutputs(cell, null, []);
                    continue;
                }
                count++;
                host.BeginCell(count);
                try
                {
                    var code = WithoutMagicLines(source);
                    state = state is null
                        ? await CSharpScript.RunAsync<object>(code, session.Options, host)
                        : await state.ContinueWithAsync<object>(code, session.Options);
                    // A cell that ends in an expression without a semicolon returns its value, which a notebook shows.
                    if (state.ReturnValue is { } value)
                    {
                        host.Result(value);
                    }
                    Notebook.SetOutputs(cell, count, host.EndCell());
                }
                catch (CompilationErrorException e)
                {
                    Notebook.SetOutputs(cell, count, host.EndCell(Error("CompilationError", e.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(Describe).ToList())));
                    return new NotebookOutcome(count, cellNumber, string.Join("\n", e.Diagnostics.Select(Describe)));
                }
                catch (Exception e)
                {
                    Notebook.SetOutputs(cell, count, host.EndCell(Error(e.GetType().Name, [e.Message, .. (e.StackTrace ?? "").Split('\n')])));
                    return new NotebookOutcome(count, cellNumber, e.ToString());
                }
            }
            return new NotebookOutcome(count, null, null);
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
            Directory.SetCurrentDirectory(previousDirectory);
        }
    }

    /// <summary>Blanks the lines that are Polyglot magic commands (#r, #i, #!...), keeping line numbers.</summary>
    private static string WithoutMagicLines(string source) =>
        string.Join("\n", source.Split('\n').Select(line =>
        {
            var t = line.TrimStart();
            return t.StartsWith("#!", StringComparison.Ordinal) || t.StartsWith("#r ", StringComparison.Ordinal) || t.StartsWith("#i ", StringComparison.Ordinal) ? "" : line;
        }));

    private static string Describe(Diagnostic d)
    {
        var line = d.Location.GetLineSpan().StartLinePosition;
        return $"line {line.Line + 1}, column {line.Character + 1}: {d.Id} {d.GetMessage(CultureInfo.InvariantCulture)}";
    }

    private static JsonObject Error(string name, IReadOnlyList<string> lines) => new()
    {
        ["output_type"] = "error",
        ["ename"] = name,
        ["evalue"] = lines.Count > 0 ? lines[0] : "",
        ["traceback"] = new JsonArray(lines.Select(l => (JsonNode?)l.TrimEnd()).ToArray()),
    };
}

/// <summary>The compiler settings every notebook shares: the libraries the runner was built with, and C# script syntax.</summary>
internal sealed class ScriptSession
{
    private ScriptSession(ScriptOptions options) => Options = options;

    public ScriptOptions Options { get; }

    public static ScriptSession Create()
    {
        // Everything this program runs with: the .NET libraries, NewsClassifier, ML.NET, ScottPlot.
        var trusted = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var references = trusted
            .Where(p => !Path.GetFileName(p).StartsWith("Microsoft.CodeAnalysis", StringComparison.OrdinalIgnoreCase))
            .Select(p => MetadataReference.CreateFromFile(p));
        var options = ScriptOptions.Default
            .WithReferences(references)
            .WithImports("System", "System.Collections.Generic", "System.Linq", "System.Text", "System.Threading.Tasks")
            .WithLanguageVersion(LanguageVersion.Latest)
            .WithAllowUnsafe(false);
        return new ScriptSession(options);
    }
}

/// <summary>
/// The globals a notebook's code sees: <c>display(value)</c>, as in Polyglot Notebooks, and Console output,
/// both recorded as the current cell's outputs.
/// </summary>
public sealed class NotebookHost
{
    private readonly List<JsonObject> _outputs = [];
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private int _executionCount;

    internal NotebookHost()
    {
        StandardOutput = new CellWriter(this, _stdout);
        StandardError = new CellWriter(this, _stderr);
    }

    internal TextWriter StandardOutput { get; }

    internal TextWriter StandardError { get; }

    /// <summary>Shows a value below the cell: a table for a sequence or an object, a PNG for a ScottPlot plot, text otherwise.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Style", "IDE1006", Justification = "The name Polyglot Notebooks gives it.")]
    public void display(object? value, params string[] mimeTypes)
    {
        Flush();
        _outputs.Add(new JsonObject { ["output_type"] = "display_data", ["data"] = Renderer.Bundle(value, mimeTypes), ["metadata"] = new JsonObject() });
    }

    internal void BeginCell(int executionCount)
    {
        _executionCount = executionCount;
        _outputs.Clear();
        _stdout.Clear();
        _stderr.Clear();
    }

    internal void Result(object value)
    {
        Flush();
        _outputs.Add(new JsonObject { ["output_type"] = "execute_result", ["execution_count"] = _executionCount, ["data"] = Renderer.Bundle(value, []), ["metadata"] = new JsonObject() });
    }

    internal List<JsonObject> EndCell(JsonObject? error = null)
    {
        Flush();
        if (error is not null)
        {
            _outputs.Add(error);
        }
        return _outputs.Select(o => (JsonObject)o.DeepClone()).ToList();
    }

    private void Flush()
    {
        Add("stdout", _stdout);
        Add("stderr", _stderr);
    }

    private void Add(string name, StringBuilder text)
    {
        if (text.Length == 0)
        {
            return;
        }
        // Consecutive prints become one stream output, as in Jupyter.
        if (_outputs.LastOrDefault() is { } last && (string?)last["output_type"] == "stream" && (string?)last["name"] == name)
        {
            var lines = (JsonArray)last["text"]!;
            var joined = string.Concat(lines.Select(l => (string?)l)) + text;
            last["text"] = Notebook.Lines(joined);
        }
        else
        {
            _outputs.Add(new JsonObject { ["output_type"] = "stream", ["name"] = name, ["text"] = Notebook.Lines(text.ToString()) });
        }
        text.Clear();
    }

    private sealed class CellWriter(NotebookHost host, StringBuilder buffer) : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            lock (host)
            {
                buffer.Append(value);
            }
        }

        public override void Write(string? value)
        {
            lock (host)
            {
                buffer.Append(value);
            }
        }
    }
}

/// <summary>Turns a displayed value into a Jupyter MIME bundle, close to what Polyglot Notebooks' default formatters show.</summary>
internal static class Renderer
{
    public const int PlotWidth = 720;
    public const int PlotHeight = 420;
    private const int MaxRows = 60;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static JsonObject Bundle(object? value, IReadOnlyCollection<string> mimeTypes)
    {
        var bundle = new JsonObject();
        switch (value)
        {
            case ScottPlot.Plot plot:
                bundle["image/png"] = Convert.ToBase64String(plot.GetImageBytes(PlotWidth, PlotHeight, ScottPlot.ImageFormat.Png));
                bundle["text/plain"] = Notebook.Lines($"<ScottPlot.Plot {PlotWidth}x{PlotHeight}>");
                return bundle;
            case ScottPlot.Image image:
                bundle["image/png"] = Convert.ToBase64String(image.GetImageBytes(ScottPlot.ImageFormat.Png, 100));
                bundle["text/plain"] = Notebook.Lines($"<ScottPlot.Image {image.Width}x{image.Height}>");
                return bundle;
        }
        if (mimeTypes.Count == 0 || !mimeTypes.Contains("text/plain"))
        {
            if (Table(value) is { } table)
            {
                bundle["text/html"] = Notebook.Lines(Html(table));
                bundle["text/plain"] = Notebook.Lines(PlainText(table));
                return bundle;
            }
        }
        bundle["text/plain"] = Notebook.Lines(Cell(value));
        return bundle;
    }

    private sealed record TableData(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows, IReadOnlyList<bool> Numeric, int Hidden);

    private static TableData? Table(object? value)
    {
        if (value is null || IsScalar(value.GetType()))
        {
            return null;
        }
        if (value is IEnumerable sequence)
        {
            var items = sequence.Cast<object?>().ToList();
            var shown = items.Take(MaxRows).ToList();
            var type = shown.FirstOrDefault(i => i is not null)?.GetType();
            if (type is null || IsScalar(type))
            {
                var rows = shown.Select((item, i) => (IReadOnlyList<string>)[i.ToString(Invariant), Cell(item)]).ToList();
                return new TableData(["index", "value"], rows, [true, type is not null && IsNumber(type)], items.Count - shown.Count);
            }
            var members = Members(type);
            var cells = shown.Select(item => (IReadOnlyList<string>)members.Select(m => Cell(item is null ? null : m.Get(item))).ToList()).ToList();
            return new TableData(members.Select(m => m.Name).ToList(), cells, members.Select(m => IsNumber(m.Type)).ToList(), items.Count - shown.Count);
        }
        var properties = Members(value.GetType());
        if (properties.Count == 0)
        {
            return null;
        }
        var pairs = properties.Select(m => (IReadOnlyList<string>)[m.Name, Cell(m.Get(value))]).ToList();
        return new TableData(["property", "value"], pairs, [false, false], 0);
    }

    private sealed record Member(string Name, Type Type, Func<object, object?> Get);

    private static List<Member> Members(Type type)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.CanRead)
            .Select(p => new Member(p.Name, p.PropertyType, o => p.GetValue(o)));
        var fields = type.GetFields(BindingFlags.Public | BindingFlags.Instance)
            .Select(f => new Member(f.Name, f.FieldType, o => f.GetValue(o)));
        return properties.Concat(fields).ToList();
    }

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(DateTime)
        || type == typeof(DateTimeOffset) || type == typeof(TimeSpan) || type == typeof(Guid);

    private static bool IsNumber(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive && type != typeof(bool) && type != typeof(char) || type == typeof(decimal);
    }

    private static string Cell(object? value) => value switch
    {
        null => "",
        string s => s,
        double d => Number(d),
        float f => Number(f),
        IFormattable formattable => formattable.ToString(null, Invariant),
        IDictionary dictionary => string.Join(", ", dictionary.Cast<DictionaryEntry>().Select(e => $"{Cell(e.Key)}: {Cell(e.Value)}")),
        IEnumerable sequence => string.Join(", ", sequence.Cast<object?>().Take(20).Select(Cell)),
        _ => value.ToString() ?? "",
    };

    private static string Number(double value) =>
        double.IsFinite(value) && value != Math.Round(value) && Math.Abs(value) < 1e6 ? value.ToString("0.0###", Invariant) : value.ToString(Invariant);

    private static string Html(TableData table)
    {
        var html = new StringBuilder("<table>\n<thead><tr>");
        foreach (var column in table.Columns)
        {
            html.Append("<th>").Append(WebUtility.HtmlEncode(column)).Append("</th>");
        }
        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in table.Rows)
        {
            html.Append("<tr>");
            for (var i = 0; i < row.Count; i++)
            {
                html.Append(table.Numeric[i] ? "<td style=\"text-align:right\">" : "<td>").Append(WebUtility.HtmlEncode(row[i])).Append("</td>");
            }
            html.Append("</tr>\n");
        }
        html.Append("</tbody>\n</table>");
        if (table.Hidden > 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"\n<p>({table.Hidden} more rows)</p>");
        }
        return html.ToString();
    }

    private static string PlainText(TableData table)
    {
        var widths = table.Columns.Select((c, i) => Math.Min(60, table.Rows.Select(r => r[i].Length).Append(c.Length).Max())).ToArray();
        string Fit(string s, int i) => (s.Length > widths[i] ? s[..(widths[i] - 1)] + "…" : s) is var t && table.Numeric[i] ? t.PadLeft(widths[i]) : t.PadRight(widths[i]);
        var text = new StringBuilder();
        text.AppendLine(string.Join("  ", table.Columns.Select(Fit)).TrimEnd());
        text.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in table.Rows)
        {
            text.AppendLine(string.Join("  ", row.Select(Fit)).TrimEnd());
        }
        if (table.Hidden > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"({table.Hidden} more rows)");
        }
        return text.ToString().TrimEnd('\n');
    }
}
