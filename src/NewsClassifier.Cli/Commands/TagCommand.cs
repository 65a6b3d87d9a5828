using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using NewsClassifier.Cli.Output;
using Spectre.Console;

namespace NewsClassifier.Cli.Commands;

/// <summary>newsclf tag: parse the command line into <see cref="TagSettings"/>, then read, tag and write through the library.</summary>
internal static class TagCommand
{
    public static Command Build(CliContext context)
    {
        var paths = new Argument<string[]>("PATH") { Description = "Story files, folders (searched recursively) or - for standard input. None reads standard input.", Arity = ArgumentArity.ZeroOrMore };
        var inputFormat = new Option<string>("--input-format") { Description = "auto picks by extension (.jsonl, .csv, .json by content, .html, else text; a text file holding HTML is read as a page); page splits a scraped page (text or HTML) into stories; html reads HTML.", DefaultValueFactory = _ => "auto" };
        inputFormat.AcceptOnlyFromAmong("auto", "text", "page", "html", "jsonl", "json", "csv");
        var pageModel = new Option<string?>("--page-model") { Description = "A folder written by 'newsclf train-pages' to split pages with (default: the page model built into the library)." };
        var format = new Option<string?>("--format") { Description = "Output format: jsonl, json, csv or table (default: table on a terminal, jsonl otherwise)." };
        format.AcceptOnlyFromAmong("jsonl", "json", "csv", "table");
        var output = new Option<string?>("--output", "-o") { Description = "Write to this file (atomically: a temporary file renamed into place) instead of stdout." };
        var model = new Option<string?>("--model") { Description = "The model folder (default: the shipped model next to the executable)." };
        var threads = new Option<int>("--threads") { Description = $"Threads to tag with, 1 to {NewsClassifier.TaggerOptions.MaxThreads} (default: all cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var idColumn = new Option<string>("--id-column") { Description = "CSV column with the story id.", DefaultValueFactory = _ => "id" };
        var titleColumn = new Option<string>("--title-column") { Description = "CSV column with the headline.", DefaultValueFactory = _ => "title" };
        var textColumn = new Option<string>("--text-column") { Description = "CSV column with the text.", DefaultValueFactory = _ => "text" };
        var minScore = new Option<float?>("--min-score") { Description = "Assign every topic whose probability reaches this value (0 to 1), instead of the model's tuned thresholds." };
        var topK = new Option<int?>("--top-k") { Description = "Show only the k best topic scores and countries." };
        var shard = new Option<string?>("--shard") { Description = "I/N: tag only the stories whose id hashes to shard I of N (0-based), stable across runs and machines." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress and no per-record error lines; the summary line is still printed." };
        var explain = new Option<bool>("--explain") { Description = "Add, for each topic, the words that pushed it up and, for each country, its evidence; for pages, each line's class and why." };
        var skipLanguage = new Option<bool>("--skip-unsupported-language") { Description = "Turn stories in a language other than English into error records instead of tagging them with a warning." };
        var maxLength = new Option<int>("--max-length") { Description = "Refuse stories longer than this many characters (error record).", DefaultValueFactory = _ => TaggerOptions.DefaultMaxTextLength };

        var command = new Command("tag", "Tag stories with topics, countries and entities.")
        {
            paths, inputFormat, format, output, model, pageModel, threads, idColumn, titleColumn, textColumn, minScore, topK, shard, quiet, explain, maxLength, skipLanguage,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var settings = new TagSettings(
                parse.GetValue(paths) is { Length: > 0 } p ? p : [StoryReader.StandardInput],
                Enum.Parse<StoryFormat>(parse.GetValue(inputFormat)!, ignoreCase: true),
                parse.GetValue(format) is { } f ? Enum.Parse<OutputFormat>(f, ignoreCase: true) : null,
                parse.GetValue(output),
                parse.GetValue(model),
                parse.GetValue(threads),
                (parse.GetValue(idColumn)!, parse.GetValue(titleColumn)!, parse.GetValue(textColumn)!),
                parse.GetValue(minScore),
                parse.GetValue(topK),
                parse.GetValue(shard),
                parse.GetValue(quiet),
                parse.GetValue(explain),
                parse.GetValue(maxLength))
            {
                SkipUnsupportedLanguage = parse.GetValue(skipLanguage),
                PageModel = parse.GetValue(pageModel),
            };
            return RunAsync(settings.Validate(), context, cancellationToken);
        });
        return command;
    }

    internal static async Task<int> RunAsync(TagSettings settings, CliContext context, CancellationToken cancellationToken)
    {
        var missing = StoryReader.Missing(settings.Paths);
        if (missing.Count > 0)
        {
            foreach (var path in missing)
            {
                await context.Stderr.WriteLineAsync($"newsclf: input not found: {Printable.Escape(path)}");
            }
            return ExitCodes.NoInput;
        }
        if (settings.Output is { } outFile)
        {
            // Before the model loads and anything is tagged: a folder, a device, a link or a read-only place fails now
            // (issue 15, cases 7 and 9); stale temporary files of killed runs to the same path go (weak spot).
            OutputPaths.CheckFile(outFile);
            AtomicFile.RemoveStale(outFile);
        }

        var tagger = settings.Model is { } folder ? NewsTagger.Load(folder, settings.ToTaggerOptions()) : NewsTagger.LoadDefault(settings.ToTaggerOptions());
        // A page model is refused like a topic model: before any work, with what to do (PageModelException).
        var pages = settings.PageModel is { } pageFolder ? PageModel.Load(pageFolder) : null;
        var toTerminal = settings.Output is null && context.StdoutIsTerminal;
        var format = settings.Format ?? (toTerminal ? OutputFormat.Table : OutputFormat.Jsonl);
        var showProgress = !settings.Quiet && context.StderrIsTerminal;

        Stream stream;
        string? tempFile = null;
        try
        {
            if (settings.Output is { } file)
            {
                tempFile = AtomicFile.TempPathFor(file);
                stream = new FileStream(tempFile, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            }
            else
            {
                stream = context.Stdout;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw OutputException.From(settings.Output!, ex);
        }

        // The one path: the library reads, tags and counts; this command only writes and reports.
        var summary = new RunSummary(tagger.Labels);
        var records = StoryReader.ReadAsync(settings.Paths, settings.ToReaderOptions(pages), summary, context.OpenStdin, cancellationToken);
        var results = tagger.TagAsync(records, summary, cancellationToken);

        var clock = Stopwatch.StartNew();
        var interrupted = false;
        var completed = false;
        // The first failure to write (a full disk, a closed pipe) stops the run; everything after it only cleans up.
        IOException? writeFailure = null;
        var writer = ResultWriter.Create(format, stream, new OutputOptions(tagger.Labels, settings.TopK), format == OutputFormat.Table ? context.StdoutConsole() : null);
        try
        {
            if (showProgress)
            {
                var console = context.StderrConsole();
                await console.Status().StartAsync("Tagging...", async status =>
                {
                    await foreach (var result in results.ConfigureAwait(false))
                    {
                        Write(writer, result, summary, line => console.WriteLine(line), settings.Quiet);
                        status.Status($"Tagged {SummaryCount(summary.Written)} ({summary.Written / Math.Max(0.001, clock.Elapsed.TotalSeconds):N0}/s)");
                    }
                });
            }
            else
            {
                await foreach (var result in results.ConfigureAwait(false))
                {
                    Write(writer, result, summary, context.Stderr.WriteLine, settings.Quiet);
                }
            }
            completed = true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            interrupted = true;
        }
        catch (IOException ex)
        {
            writeFailure = ex;
        }
        finally
        {
            writeFailure = Attempt(writer.Complete, writeFailure);
            writeFailure = Attempt(writer.Dispose, writeFailure);
        }

        if (tempFile is not null)
        {
            writeFailure = await AttemptAsync(stream.DisposeAsync, writeFailure);
            writeFailure = writeFailure is null ? Attempt(() => File.Move(tempFile, settings.Output!, overwrite: true), null) : writeFailure;
            if (writeFailure is not null)
            {
                // Half a file on a full disk helps no one: the temporary file goes, the old output (if any) stays.
                Attempt(() => File.Delete(tempFile), null);
            }
        }
        else
        {
            writeFailure = await AttemptAsync(() => new ValueTask(stream.FlushAsync(CancellationToken.None)), writeFailure);
        }

        await context.Stderr.WriteLineAsync($"newsclf: {summary.Describe(clock.Elapsed)}");
        if (writeFailure is not null)
        {
            return await ReportWriteFailure(writeFailure, settings.Output, summary, context);
        }
        if (interrupted || !completed)
        {
            await context.Stderr.WriteLineAsync($"newsclf: interrupted: {SummaryCount(summary.Written)} written{(settings.Output is null ? "" : $" to {settings.Output}")}, each one whole.");
            return ExitCodes.Interrupted;
        }
        if (summary.Lost != 0)
        {
            await context.Stderr.WriteLineAsync($"newsclf: internal error: {summary.Read} records read but {summary.Written} written; please report this.");
            return ExitCodes.Software;
        }
        return summary.Failed > 0 ? ExitCodes.DataError : ExitCodes.Success;
    }

    /// <summary>
    /// Says why the output stopped and how far it got. A reader that closed the pipe (| head) is not an error of ours:
    /// exit 141, as a process stopped by SIGPIPE. A full disk or another write error is exit 73 (issue 15, cases 8 and 10).
    /// </summary>
    private static async Task<int> ReportWriteFailure(IOException failure, string? output, RunSummary summary, CliContext context)
    {
        var target = output ?? "standard output";
        if (output is null && IsBrokenPipe(failure))
        {
            await context.Stderr.WriteLineAsync($"newsclf: the reader closed standard output after {SummaryCount(summary.Written)}; stopped without tagging the rest.");
            return ExitCodes.BrokenPipe;
        }
        var why = OutputException.IsDiskFull(failure) ? "no space left on device" : failure.Message.TrimEnd('.');
        var kept = output is null ? $"{SummaryCount(summary.Written)} were written before it" : "the temporary file was removed and nothing was renamed into place";
        await context.Stderr.WriteLineAsync($"newsclf: cannot write {target}: {why}; {kept}.");
        return ExitCodes.CannotCreate;
    }

    /// <summary>EPIPE: the reading end of the pipe is gone.</summary>
    internal static bool IsBrokenPipe(IOException ex) =>
        (ex.HResult & 0xFFFF) == 32 || ex.Message.Contains("Broken pipe", StringComparison.OrdinalIgnoreCase);

    private static IOException? Attempt(Action action, IOException? earlier)
    {
        try
        {
            action();
            return earlier;
        }
        catch (IOException ex)
        {
            return earlier ?? ex;
        }
    }

    private static async Task<IOException?> AttemptAsync(Func<ValueTask> action, IOException? earlier)
    {
        try
        {
            await action();
            return earlier;
        }
        catch (IOException ex)
        {
            return earlier ?? ex;
        }
    }

    private static string SummaryCount(long n) => RunSummary.Plural(n, "story", "stories");

    private static void Write(ResultWriter writer, TagResult result, RunSummary summary, Action<string> log, bool quiet)
    {
        writer.Write(result);
        summary.CountWritten(result);
        if (result.Error is { } error && !quiet)
        {
            log($"newsclf: {Printable.Where(result)}: {error}");
        }
    }
}

/// <summary>What 'newsclf tag' was asked to do, checked before any work.</summary>
internal sealed record TagSettings(
    string[] Paths,
    StoryFormat InputFormat,
    OutputFormat? Format,
    string? Output,
    string? Model,
    int Threads,
    (string Id, string Title, string Text) CsvColumns,
    float? MinScore,
    int? TopK,
    string? Shard,
    bool Quiet,
    bool Explain,
    int MaxLength)
{
    /// <summary>Refuse stories in unsupported languages (error records) instead of tagging them with a warning.</summary>
    public bool SkipUnsupportedLanguage { get; init; }

    /// <summary>A page model folder written by 'newsclf train-pages', or null for the built-in one.</summary>
    public string? PageModel { get; init; }

    /// <summary>Checks every value; a <see cref="UsageException"/> names the option and its accepted range.</summary>
    public TagSettings Validate()
    {
        if (Threads is < 1 or > NewsClassifier.TaggerOptions.MaxThreads)
        {
            throw new UsageException($"--threads must lie between 1 and {NewsClassifier.TaggerOptions.MaxThreads}, not {Threads}.");
        }
        if (TopK is < 1)
        {
            throw new UsageException($"--top-k must be at least 1, not {TopK}.");
        }
        if (MinScore is { } ms && (float.IsNaN(ms) || ms is < 0 or > 1))
        {
            throw new UsageException($"--min-score must lie between 0 and 1, not {ms.ToString(CultureInfo.InvariantCulture)}.");
        }
        if (MaxLength < 1)
        {
            throw new UsageException($"--max-length must be at least 1, not {MaxLength}.");
        }
        if (Shard is { } s && !NewsClassifier.Shard.TryParse(s, out _))
        {
            throw new UsageException($"--shard must be I/N with 0 <= I < N (for example 0/4), not '{s}'.");
        }
        if (Paths.FirstOrDefault(p => p.StartsWith('-') && p != StoryReader.StandardInput && !File.Exists(p)) is { } unknown)
        {
            throw new UsageException($"unknown option '{unknown}' (to tag a file whose name starts with '-', write ./{unknown}).");
        }
        return this;
    }

    /// <summary>The tagger's options.</summary>
    public TaggerOptions ToTaggerOptions() => new()
    {
        MinScore = MinScore,
        Threads = Threads,
        Explain = Explain,
        MaxTextLength = MaxLength,
        SkipUnsupportedLanguage = SkipUnsupportedLanguage,
        Shard = Shard is { } s && NewsClassifier.Shard.TryParse(s, out var parsed) && parsed!.Count > 1 ? parsed : null,
    };

    /// <summary>The readers' options.</summary>
    public StoryReaderOptions ToReaderOptions(PageModel? pages = null) => new()
    {
        Format = InputFormat,
        ExplainPages = Explain,
        PageModel = pages,
        IdField = CsvColumns.Id,
        TitleField = CsvColumns.Title,
        TextFields = [CsvColumns.Text],
    };
}
