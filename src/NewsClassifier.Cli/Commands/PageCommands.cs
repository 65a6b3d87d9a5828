using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace NewsClassifier.Cli.Commands;

/// <summary>newsclf train-pages and evaluate-pages: the page line classifier behind --input-format page and html.</summary>
internal static class PageCommands
{
    private const string DefaultPages = "training-data/pages";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static Command BuildTrain(CliContext context)
    {
        var pages = new Option<string>("--pages") { Description = "Folder of annotated pages (*.page.tsv).", DefaultValueFactory = _ => DefaultPages };
        var output = new Option<string>("--out") { Description = "Folder to write page-lines.json and page-lines.card.json into (created when missing).", Required = true };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training pages.", DefaultValueFactory = _ => 16 };
        var seed = new Option<int>("--seed") { Description = "Seed for the order pages are visited in.", DefaultValueFactory = _ => 16 };
        var command = new Command("train-pages", "Train the page line classifier on annotated pages (the held-out layouts are left out and scored).")
        {
            pages, output, epochs, seed,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var epochCount = parse.GetValue(epochs);
            if (epochCount is < 1 or > 200)
            {
                throw new UsageException($"--epochs must lie between 1 and 200, not {epochCount}.");
            }
            try
            {
                var result = PageTraining.Train(parse.GetValue(pages)!, parse.GetValue(output)!, epochCount, parse.GetValue(seed), cancellationToken);
                await Write(context, result.Report, cancellationToken);
                return ExitCodes.Success;
            }
            catch (InvalidDataException ex)
            {
                await context.Stderr.WriteLineAsync($"newsclf: {ex.Message}");
                return ExitCodes.DataError;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await context.Stderr.WriteLineAsync($"newsclf: cannot write {parse.GetValue(output)}: {ex.Message}");
                return ExitCodes.CannotCreate;
            }
        });
        return command;
    }

    public static Command BuildEvaluate(CliContext context)
    {
        var pages = new Option<string>("--pages") { Description = "Folder of annotated pages (*.page.tsv).", DefaultValueFactory = _ => DefaultPages };
        var model = new Option<string?>("--model") { Description = "Folder with page-lines.json and its card (default: the model built into the library)." };
        var split = new Option<string>("--split") { Description = "heldout (the fixed evaluation layouts), train, or all.", DefaultValueFactory = _ => "heldout" };
        split.AcceptOnlyFromAmong("heldout", "train", "all");
        var splitter = new Option<string>("--splitter") { Description = "model (the line classifier) or rules (the layout rules it replaced, for comparison).", DefaultValueFactory = _ => "model" };
        splitter.AcceptOnlyFromAmong("model", "rules");
        var perPage = new Option<bool>("--per-page") { Description = "Also list each page's figures." };
        var format = new Option<string>("--format") { Description = "text or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("evaluate-pages", "Score page splitting on annotated pages: headlines found, first sentence and last words kept, spurious stories, furniture inside stories.")
        {
            pages, model, split, splitter, perPage, format,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var text = PageTraining.Evaluate(parse.GetValue(pages)!, parse.GetValue(model), parse.GetValue(split)!, parse.GetValue(splitter) == "rules",
                    parse.GetValue(perPage), parse.GetValue(format) == "json");
                await Write(context, text, cancellationToken);
                return ExitCodes.Success;
            }
            catch (InvalidDataException ex)
            {
                await context.Stderr.WriteLineAsync($"newsclf: {ex.Message}");
                return ExitCodes.DataError;
            }
            catch (PageModelException ex)
            {
                await context.Stderr.WriteLineAsync($"newsclf: page model refused: {ex.Message}");
                return ExitCodes.Failure;
            }
        });
        return command;
    }

    public static Command BuildSplit(CliContext context)
    {
        var paths = new Argument<string[]>("PATH") { Description = "Page files or folders (searched recursively).", Arity = ArgumentArity.OneOrMore };
        var inputFormat = new Option<string>("--input-format") { Description = "auto (HTML when the content looks like markup), text or html.", DefaultValueFactory = _ => "auto" };
        inputFormat.AcceptOnlyFromAmong("auto", "text", "html");
        var output = new Option<string?>("--output", "-o") { Description = "Write to this file (atomically) instead of stdout." };
        var threads = new Option<int>("--threads") { Description = "Threads to split pages with (default: all cores); output keeps input order.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var pageModel = new Option<string?>("--page-model") { Description = "A folder written by 'newsclf train-pages' (default: the model built into the library)." };
        var explain = new Option<bool>("--explain") { Description = "Add every line with its class, the runner-up, the margin and the features that decided it." };
        var command = new Command("split-pages", "Split scraped pages (text or HTML) into stories without tagging them: one JSON line per page.")
        {
            paths, inputFormat, output, threads, pageModel, explain,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var threadCount = parse.GetValue(threads);
            if (threadCount < 1)
            {
                throw new UsageException($"--threads must be at least 1, not {threadCount}.");
            }
            var inputs = parse.GetValue(paths)!;
            var missing = inputs.Where(p => !File.Exists(p) && !Directory.Exists(p)).ToList();
            if (missing.Count > 0)
            {
                foreach (var path in missing)
                {
                    await context.Stderr.WriteLineAsync($"newsclf: input not found: {path}");
                }
                return ExitCodes.NoInput;
            }
            PageModel? model;
            try
            {
                model = parse.GetValue(pageModel) is { } dir ? PageModel.Load(dir) : null;
            }
            catch (PageModelException ex)
            {
                await context.Stderr.WriteLineAsync($"newsclf: page model refused: {ex.Message}");
                return ExitCodes.Failure;
            }
            var format = Enum.Parse<PageFormat>(parse.GetValue(inputFormat)!, ignoreCase: true);
            var withLines = parse.GetValue(explain);
            var files = inputs.SelectMany(p => Directory.Exists(p)
                ? Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
                : (IEnumerable<string>)[p]);
            // Pages are independent: split them on threadCount threads, written in input order.
            var records = files.AsParallel().AsOrdered().WithDegreeOfParallelism(threadCount).WithCancellation(cancellationToken)
                .Select(file => SplitOne(file, format, model, withLines));
            var outFile = parse.GetValue(output);
            if (outFile is not null)
            {
                // Like tag's --output: a device, a FIFO, a link or a folder is refused before any work (never replaced).
                OutputPaths.CheckFile(outFile);
            }
            var temp = outFile is null ? null : AtomicFile.TempPathFor(outFile);
            int pages = 0, failed = 0, stories = 0;
            var clock = Stopwatch.StartNew();
            try
            {
                await using (var stream = temp is null ? null : new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
                {
                    var sink = stream ?? context.Stdout;
                    foreach (var (bytes, storyCount, error) in records)
                    {
                        pages++;
                        stories += storyCount;
                        if (error is not null)
                        {
                            failed++;
                            await context.Stderr.WriteLineAsync($"newsclf: {error}");
                        }
                        await sink.WriteAsync(bytes, cancellationToken);
                    }
                    await sink.FlushAsync(cancellationToken);
                }
                if (temp is not null)
                {
                    File.Move(temp, outFile!, overwrite: true);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await context.Stderr.WriteLineAsync($"newsclf: cannot write {outFile ?? "stdout"}: {ex.Message}");
                return ExitCodes.CannotCreate;
            }
            finally
            {
                if (temp is not null && File.Exists(temp))
                {
                    File.Delete(temp);
                }
            }
            var seconds = Math.Max(clock.Elapsed.TotalSeconds, 1e-3);
            await context.Stderr.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"newsclf: {pages} pages in, {pages} records out, {failed} failed; {stories} stories; {clock.Elapsed.TotalSeconds:0.00} s, {pages / seconds:0} pages/s"));
            return failed > 0 ? ExitCodes.DataError : ExitCodes.Success;
        });
        return command;
    }

    /// <summary>One page's record: {"id", "format", "stories": [...], "lines": [...]} or {"id", "error"}; never throws for bad content.</summary>
    private static (byte[] Json, int Stories, string? Error) SplitOne(string file, PageFormat format, PageModel? model, bool withLines)
    {
        string? error = null;
        PageAnalysis? analysis = null;
        try
        {
            var text = File.ReadAllText(file, StrictUtf8);
            analysis = withLines ? NewsIntake.AnalyzePage(text, format, model: model) : new PageAnalysis(NewsIntake.SplitPage(text, format, model), [], format);
        }
        catch (DecoderFallbackException)
        {
            error = "the file is not valid UTF-8; re-save it as UTF-8";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error = $"cannot read the file: {ex.Message}";
        }
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", file);
            if (analysis is null)
            {
                json.WriteString("error", error);
            }
            else
            {
                if (analysis.Format != PageFormat.Auto)
                {
                    json.WriteString("format", analysis.Format.ToString().ToLowerInvariant());
                }
                json.WriteStartArray("stories");
                foreach (var story in analysis.Stories)
                {
                    json.WriteStartObject();
                    json.WriteString("title", story.Title);
                    json.WriteString("text", story.Text);
                    if (story.Truncated)
                    {
                        json.WriteBoolean("truncated", true);
                    }
                    if (story.Published is { } published)
                    {
                        json.WriteString("published", published);
                    }
                    json.WriteNumber("droppedLines", story.DroppedLines);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                if (withLines)
                {
                    TagResultJson.WritePageLines(json, analysis.Lines);
                }
            }
            json.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return (buffer.ToArray(), analysis?.Stories.Count ?? 0, error is null ? null : $"{file}: {error}");
    }

    private static async Task Write(CliContext context, string text, CancellationToken cancellationToken)
    {
        await context.Stdout.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
        await context.Stdout.FlushAsync(cancellationToken);
    }
}
