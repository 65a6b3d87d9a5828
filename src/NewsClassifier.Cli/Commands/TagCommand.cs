using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using NewsClassifier.Cli.Input;
using NewsClassifier.Cli.Output;
using NewsClassifier.Internal;
using Spectre.Console;

namespace NewsClassifier.Cli.Commands;

/// <summary>newsclf tag: tags stories from files, folders or stdin.</summary>
internal static class TagCommand
{
    public static Command Build(CliContext context)
    {
        var paths = new Argument<string[]>("PATH") { Description = "Story files, folders (searched recursively) or - for standard input. None reads standard input.", Arity = ArgumentArity.ZeroOrMore };
        var inputFormat = new Option<string>("--input-format") { Description = "auto picks by extension (.jsonl, .csv, .html, else text; a text file holding HTML is read as a page); page splits a scraped page (text or HTML) into stories; html reads HTML.", DefaultValueFactory = _ => "auto" };
        inputFormat.AcceptOnlyFromAmong("auto", "text", "page", "html", "jsonl", "csv");
        var format = new Option<string?>("--format") { Description = "Output format: jsonl, json, csv or table (default: table on a terminal, jsonl otherwise)." };
        format.AcceptOnlyFromAmong("jsonl", "json", "csv", "table");
        var output = new Option<string?>("--output", "-o") { Description = "Write to this file (atomically: a temporary file renamed into place) instead of stdout." };
        var model = new Option<string?>("--model") { Description = "The model folder (default: the shipped model next to the executable)." };
        var pageModel = new Option<string?>("--page-model") { Description = "A folder written by 'newsclf train-pages' to split pages with (default: the page model built into the library)." };
        var threads = new Option<int>("--threads") { Description = "Threads to tag with (default: all cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var idColumn = new Option<string>("--id-column") { Description = "CSV column with the story id.", DefaultValueFactory = _ => "id" };
        var titleColumn = new Option<string>("--title-column") { Description = "CSV column with the headline.", DefaultValueFactory = _ => "title" };
        var textColumn = new Option<string>("--text-column") { Description = "CSV column with the text.", DefaultValueFactory = _ => "text" };
        var minScore = new Option<float?>("--min-score") { Description = "Assign every topic whose probability reaches this value, instead of the model's tuned thresholds." };
        var topK = new Option<int?>("--top-k") { Description = "Show only the k best topic scores and countries." };
        var shard = new Option<string?>("--shard") { Description = "I/N: tag only the stories whose id hashes to shard I of N (0-based), stable across runs and machines." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress and no per-record error lines; the summary line is still printed." };
        var explain = new Option<bool>("--explain") { Description = "Add, for each topic, the words that pushed it up and, for each country, its evidence; for pages, each line's class and why." };
        var maxLength = new Option<int>("--max-length") { Description = "Refuse stories longer than this many characters (error record).", DefaultValueFactory = _ => TaggerOptions.DefaultMaxTextLength };

        var command = new Command("tag", "Tag stories with topics, countries and entities.")
        {
            paths, inputFormat, format, output, model, pageModel, threads, idColumn, titleColumn, textColumn, minScore, topK, shard, quiet, explain, maxLength,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var settings = new TagSettings(
                parse.GetValue(paths) is { Length: > 0 } p ? p : [StoryReader.Stdin],
                Enum.Parse<InputFormat>(parse.GetValue(inputFormat)!, ignoreCase: true),
                parse.GetValue(format),
                parse.GetValue(output),
                parse.GetValue(model),
                parse.GetValue(threads),
                new CsvColumns(parse.GetValue(idColumn)!, parse.GetValue(titleColumn)!, parse.GetValue(textColumn)!),
                parse.GetValue(minScore),
                parse.GetValue(topK),
                parse.GetValue(shard),
                parse.GetValue(quiet),
                parse.GetValue(explain),
                parse.GetValue(maxLength))
            {
                PageModel = parse.GetValue(pageModel),
            };
            return RunAsync(settings, context, cancellationToken);
        });
        return command;
    }

    internal sealed record TagSettings(
        string[] Paths,
        InputFormat InputFormat,
        string? Format,
        string? Output,
        string? Model,
        int Threads,
        CsvColumns CsvColumns,
        float? MinScore,
        int? TopK,
        string? Shard,
        bool Quiet,
        bool Explain,
        int MaxLength)
    {
        /// <summary>A page model folder, or null for the built-in one.</summary>
        public string? PageModel { get; init; }
    }

    internal static async Task<int> RunAsync(TagSettings settings, CliContext context, CancellationToken cancellationToken)
    {
        var (shardIndex, shardCount) = ParseShard(settings.Shard);
        if (settings.Threads < 1)
        {
            throw new UsageException($"--threads must be at least 1, not {settings.Threads}.");
        }
        if (settings.TopK is < 1)
        {
            throw new UsageException($"--top-k must be at least 1, not {settings.TopK}.");
        }
        if (settings.MinScore is { } ms && ms is < 0 or > 1)
        {
            throw new UsageException($"--min-score must lie between 0 and 1, not {ms.ToString(CultureInfo.InvariantCulture)}.");
        }
        if (settings.MaxLength < 1)
        {
            throw new UsageException($"--max-length must be at least 1, not {settings.MaxLength}.");
        }
        if (settings.Paths.FirstOrDefault(p => p.StartsWith('-') && p != StoryReader.Stdin && !File.Exists(p)) is { } unknown)
        {
            throw new UsageException($"unknown option '{unknown}' (to tag a file whose name starts with '-', write ./{unknown}).");
        }
        var missing = StoryReader.Missing(settings.Paths);
        if (missing.Count > 0)
        {
            foreach (var path in missing)
            {
                await context.Stderr.WriteLineAsync($"newsclf: input not found: {path}");
            }
            return ExitCodes.NoInput;
        }
        if (settings.Output is { } outFile && Path.GetDirectoryName(Path.GetFullPath(outFile)) is { } outDir && !Directory.Exists(outDir))
        {
            await context.Stderr.WriteLineAsync($"newsclf: cannot write {outFile}: the folder {outDir} does not exist. Create it first.");
            return ExitCodes.CannotCreate;
        }

        var tagger = NewsTagger.Load(settings.Model ?? NewsTagger.DefaultModelFolder, new TaggerOptions
        {
            MinScore = settings.MinScore,
            Threads = settings.Threads,
            Explain = settings.Explain,
            MaxTextLength = settings.MaxLength,
        });

        var toTerminal = settings.Output is null && context.StdoutIsTerminal;
        var format = settings.Format is { } f ? Enum.Parse<OutputFormat>(f, ignoreCase: true) : toTerminal ? OutputFormat.Table : OutputFormat.Jsonl;
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
            await context.Stderr.WriteLineAsync($"newsclf: cannot write {settings.Output}: {ex.Message}");
            return ExitCodes.CannotCreate;
        }

        PageModel? pages;
        try
        {
            pages = settings.PageModel is { } pageFolder ? PageModel.Load(pageFolder) : null;
        }
        catch (PageModelException ex)
        {
            await context.Stderr.WriteLineAsync($"newsclf: page model refused: {ex.Message}");
            return ExitCodes.Failure;
        }
        var reader = new StoryReader(settings.InputFormat, settings.CsvColumns, context.OpenStdin, settings.Explain, pages);
        var records = reader.ReadAll(settings.Paths, cancellationToken);
        if (shardCount > 1)
        {
            records = records.Where(r => StableHash.Fnv1a(r.Id) % (uint)shardCount == (uint)shardIndex);
        }
        var results = OrderedParallel.SelectAsync(records, record => TagOne(tagger, record), settings.Threads, settings.Threads * 8, cancellationToken);

        var summary = new RunSummary(tagger.Labels);
        var clock = Stopwatch.StartNew();
        var interrupted = false;
        var completed = false;
        using (var writer = ResultWriter.Create(format, stream, new OutputOptions(tagger.Labels, settings.TopK), toTerminal ? context.StdoutConsole() : null))
        {
            try
            {
                if (showProgress)
                {
                    await context.StderrConsole().Status().StartAsync("Tagging...", async status =>
                    {
                        await foreach (var result in results.ConfigureAwait(false))
                        {
                            Record(writer, result, summary, context, settings.Quiet || showProgress);
                            status.Status($"Tagged {summary.Total:N0} stories ({summary.Total / Math.Max(0.001, clock.Elapsed.TotalSeconds):N0}/s)");
                        }
                    });
                }
                else
                {
                    await foreach (var result in results.ConfigureAwait(false))
                    {
                        Record(writer, result, summary, context, settings.Quiet);
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
                // stdout closed early (a pipe into 'head'): stop reading, say how far we got.
                await context.Stderr.WriteLineAsync($"newsclf: output closed after {summary.Total} stories: {ex.Message}");
                interrupted = true;
            }
            finally
            {
                try
                {
                    writer.Complete();
                }
                catch (IOException)
                {
                }
            }
        }

        if (tempFile is not null)
        {
            await stream.DisposeAsync();
            File.Move(tempFile, settings.Output!, overwrite: true);
        }
        else
        {
            try
            {
                await stream.FlushAsync(CancellationToken.None);
            }
            catch (IOException)
            {
            }
        }

        await context.Stderr.WriteLineAsync(summary.Line(clock.Elapsed));
        if (interrupted || !completed)
        {
            await context.Stderr.WriteLineAsync($"newsclf: interrupted: {summary.Total} stories written{(settings.Output is null ? "" : $" to {settings.Output}")}, each one whole.");
            return ExitCodes.Interrupted;
        }
        return summary.Failed > 0 ? ExitCodes.DataError : ExitCodes.Success;
    }

    private static TagResult TagOne(NewsTagger tagger, InputRecord record)
    {
        if (record.Error is { } error)
        {
            return TagResult.Failed(record.Id, error);
        }
        var result = tagger.Tag(record.Article!);
        if (!result.Succeeded || !(record.Truncated || record.FromPage))
        {
            return result;
        }
        return result with
        {
            Truncated = record.Truncated,
            Text = record.FromPage ? result.Text ?? record.Article!.Text : result.Text,
            Published = record.PageStory?.Published,
            DroppedLines = record.PageStory?.DroppedLines,
            PageLines = record.PageLines,
        };
    }

    private static void Record(ResultWriter writer, TagResult result, RunSummary summary, CliContext context, bool quiet)
    {
        writer.Write(result);
        summary.Add(result);
        if (result.Error is { } error && !quiet)
        {
            context.Stderr.WriteLine($"newsclf: {result.Id}: {error}");
        }
    }

    internal static (int Index, int Count) ParseShard(string? shard)
    {
        if (shard is null)
        {
            return (0, 1);
        }
        var parts = shard.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= 1 && index < count)
        {
            return (index, count);
        }
        throw new UsageException($"--shard must be I/N with 0 <= I < N (for example 0/4), not '{shard}'.");
    }
}

/// <summary>Counts for the one-line summary at the end of a run.</summary>
internal sealed class RunSummary(IReadOnlyList<string> labels)
{
    private readonly int[] _perTopic = new int[labels.Count];

    public int Total { get; private set; }

    public int Failed { get; private set; }

    public void Add(TagResult result)
    {
        Total++;
        if (!result.Succeeded)
        {
            Failed++;
            return;
        }
        foreach (var topic in result.Topics)
        {
            var k = IndexOf(topic.Label);
            if (k >= 0)
            {
                _perTopic[k]++;
            }
        }
    }

    public string Line(TimeSpan elapsed)
    {
        var seconds = Math.Max(elapsed.TotalSeconds, 1e-3);
        var topics = string.Join(", ", labels.Select((l, k) => $"{l} {_perTopic[k]}").Take(12));
        return string.Create(CultureInfo.InvariantCulture,
            $"newsclf: {Total} stories in, {Total} records out, {Failed} failed; topics: {topics}; {elapsed.TotalSeconds:0.00} s, {Total / seconds:0} stories/s");
    }

    private int IndexOf(string label)
    {
        for (var k = 0; k < labels.Count; k++)
        {
            if (labels[k] == label)
            {
                return k;
            }
        }
        return -1;
    }
}
