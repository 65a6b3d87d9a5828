using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using NewsClassifier.Desk;
using NewsClassifier.Training.Data;
using NewsClassifier.Training.Evaluation;

namespace NewsClassifier.Cli.Commands;

/// <summary>
/// The loop from editors' corrections to a served model: feedback export, compare, registry add/list, promote, rollback.
/// Each command is a thin wrapper over the Desk and Training libraries.
/// </summary>
internal static class LoopCommands
{
    /// <summary>The registry folder used when --registry is not given.</summary>
    public const string DefaultRegistry = "registry";

    public static Command Feedback(CliContext context)
    {
        var store = StoreOption();
        var output = new Option<string>("--out") { Description = "The corrections file to write (JSONL, the training format).", Required = true };
        var testShare = new Option<double>("--test-share") { Description = "Share of stories put in the 'test' split by a stable hash of their id (kept out of training, for compare).", DefaultValueFactory = _ => 0.2 };
        var export = new Command("export", "Write every reviewed story once, with its latest editor's labels, in the training format.") { store, output, testShare };
        export.SetAction(async (parse, cancellationToken) =>
        {
            var outPath = parse.GetValue(output)!;
            if (Path.GetDirectoryName(Path.GetFullPath(outPath)) is { } folder && !Directory.Exists(folder))
            {
                await context.Stderr.WriteLineAsync($"newsclf: the folder of --out does not exist: {folder}");
                return ExitCodes.CannotCreate;
            }
            await using var opened = await FeedbackStore.OpenAsync(parse.GetValue(store), cancellationToken);
            ExportSummary summary;
            try
            {
                summary = await FeedbackExporter.ExportAsync(opened, outPath, parse.GetValue(testShare), cancellationToken);
            }
            catch (ArgumentOutOfRangeException ex)
            {
                throw new UsageException(ex.Message.Split(" (Parameter")[0]);
            }
            await context.Stderr.WriteLineAsync($"Exported {summary.Stories} reviewed stories ({summary.TestStories} in the test split) to {outPath}.");
            return ExitCodes.Success;
        });
        return new Command("feedback", "Editors' corrections kept by the review page.") { export };
    }

    public static Command Compare(CliContext context)
    {
        var models = new Option<string[]>("--model") { Description = "Two model folders: A (the baseline) then B.", Required = true, Arity = new ArgumentArity(2, 2), AllowMultipleArgumentsPerToken = false };
        var data = new Option<string>("--data") { Description = "Labelled JSONL or CSV file.", Required = true };
        var split = new Option<string>("--split") { Description = "Which rows: test, validation, train or all.", DefaultValueFactory = _ => "test" };
        var samples = new Option<int>("--samples") { Description = "Bootstrap samples (100 to 100,000).", DefaultValueFactory = _ => 1000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the bootstrap.", DefaultValueFactory = _ => 42 };
        var format = new Option<string>("--format") { Description = "text or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var show = new Option<int>("--show-changed") { Description = "How many changed stories to list in text output.", DefaultValueFactory = _ => 20 };
        var command = new Command("compare", "Compare model B with model A on the same labelled stories: per-topic F1 with bootstrap 95% intervals, the paired difference, countries, speed, changed stories. Exit 1 when B is significantly worse (macro-F1).")
        {
            models, data, split, samples, seed, format, show,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var pair = parse.GetValue(models)!;
            if (parse.GetValue(samples) is < 100 or > 100_000)
            {
                throw new UsageException($"--samples must be between 100 and 100000, not {parse.GetValue(samples)}.");
            }
            var rows = ReadSplit(parse.GetValue(data)!, parse.GetValue(split)!);
            var a = NewsTagger.Load(pair[0], new TaggerOptions { Threads = 1 });
            var b = NewsTagger.Load(pair[1], new TaggerOptions { Threads = 1 });
            var report = await Task.Run(() => ModelComparison.Compare(a, b, rows, parse.GetValue(samples), parse.GetValue(seed), cancellationToken), cancellationToken);
            var text = parse.GetValue(format) == "json" ? ToJson(report, pair) + "\n" : ToText(report, pair, parse.GetValue(show));
            await context.Stdout.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
            await context.Stdout.FlushAsync(cancellationToken);
            return report.BIsWorse ? ExitCodes.Failure : ExitCodes.Success;
        });
        return command;
    }

    public static Command Registry(CliContext context)
    {
        var registry = RegistryOption();
        var name = new Argument<string>("version") { Description = "The new version's name (letters, digits, '-', '_', '.')." };
        var folder = new Argument<string>("model-folder") { Description = "A model folder (e.g. written by newsclf train --out)." };
        var add = new Command("add", "Copy a verified model folder into the registry as a new version.") { registry, name, folder };
        add.SetAction(async (parse, _) =>
        {
            var source = parse.GetValue(folder)!;
            NewsTagger.Load(source); // refuse a folder that cannot be trusted before it enters the registry
            var target = new ModelRegistry(parse.GetValue(registry)!).Add(parse.GetValue(name)!, source);
            await context.Stderr.WriteLineAsync($"Added {parse.GetValue(name)} ({target}).");
            return ExitCodes.Success;
        });
        var list = new Command("list", "List the versions; the served one is marked with '*'.") { registry };
        list.SetAction(async (parse, cancellationToken) =>
        {
            var opened = new ModelRegistry(parse.GetValue(registry)!);
            var current = opened.Current;
            var text = new StringBuilder();
            foreach (var version in opened.Versions())
            {
                text.Append(version == current ? "* " : "  ").AppendLine(version);
            }
            await context.Stdout.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), cancellationToken);
            return ExitCodes.Success;
        });
        return new Command("registry", "The model registry: versions side by side and a 'current' pointer the service follows.") { add, list };
    }

    public static Command Promote(CliContext context)
    {
        var registry = RegistryOption();
        var version = new Argument<string>("version") { Description = "The version to serve." };
        var data = new Option<string>("--data") { Description = "The evaluation data the candidate must not be worse on.", DefaultValueFactory = _ => Path.Combine("training-data", "corpus.jsonl") };
        var split = new Option<string>("--split") { Description = "Which rows of --data.", DefaultValueFactory = _ => "test" };
        var force = new Option<bool>("--force") { Description = "Promote even when the candidate is significantly worse." };
        var command = new Command("promote", "Point the registry's 'current' at VERSION (atomically), refused when it is significantly worse than the current one on the evaluation data unless --force.")
        {
            registry, version, data, split, force,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var opened = new ModelRegistry(parse.GetValue(registry)!);
            var name = parse.GetValue(version)!;
            if (!Directory.Exists(opened.FolderOf(name)))
            {
                throw RegistryException.UnknownVersion(name, opened.Versions());
            }
            var candidate = NewsTagger.Load(opened.FolderOf(name), new TaggerOptions { Threads = 1 }); // verified before anything changes
            if (opened.Current is { } current && current != name && !parse.GetValue(force))
            {
                var served = NewsTagger.Load(opened.FolderOf(current), new TaggerOptions { Threads = 1 });
                var rows = ReadSplit(parse.GetValue(data)!, parse.GetValue(split)!);
                var report = await Task.Run(() => ModelComparison.Compare(served, candidate, rows, 1000, 42, cancellationToken), cancellationToken);
                var ci = CultureInfo.InvariantCulture;
                await context.Stderr.WriteLineAsync(string.Create(ci, $"{current} -> {name} on {rows.Count} stories: macro-F1 {report.Macro.F1A.Value:0.000} -> {report.Macro.F1B.Value:0.000} (difference {report.Macro.Difference.Value:+0.000;-0.000}, 95% interval {report.Macro.Difference.Low:+0.000;-0.000} to {report.Macro.Difference.High:+0.000;-0.000})."));
                if (report.BIsWorse)
                {
                    await context.Stderr.WriteLineAsync($"newsclf: refused: {name} is significantly worse than {current}. Pass --force to promote it anyway.");
                    return ExitCodes.Failure;
                }
            }
            opened.Promote(name);
            await context.Stderr.WriteLineAsync($"Promoted {name}: {opened.PointerPath} now names it; a service started with --model {opened.PointerPath} switches to it at its next poll.");
            return ExitCodes.Success;
        });
        return command;
    }

    public static Command Rollback(CliContext context)
    {
        var registry = RegistryOption();
        var command = new Command("rollback", "Point the registry's 'current' back at the version served before (atomically).") { registry };
        command.SetAction(async (parse, _) =>
        {
            var opened = new ModelRegistry(parse.GetValue(registry)!);
            var previous = opened.Rollback();
            NewsTagger.Load(opened.FolderOf(previous)); // says so now if the old version was damaged since
            await context.Stderr.WriteLineAsync($"Rolled back to {previous}.");
            return ExitCodes.Success;
        });
        return command;
    }

    internal static Option<string> StoreOption() => new("--store")
    {
        Description = "The feedback store: a SQLite file path, or a PostgreSQL connection string (\"Host=...;Database=...\").",
        DefaultValueFactory = _ => FeedbackStore.DefaultPath,
    };

    private static Option<string> RegistryOption() => new("--registry")
    {
        Description = "The model registry folder.",
        DefaultValueFactory = _ => DefaultRegistry,
    };

    private static List<LabeledStory> ReadSplit(string path, string split)
    {
        var name = split.ToLowerInvariant();
        var rows = DatasetReader.Read(path, new DatasetSchema())
            .Where(r => name == "all" || r.Split == name || (name == Splits.Train && r.Split.Length == 0)).ToList();
        return rows.Count > 0 ? rows : throw new UsageException($"No rows of split '{split}' in {path}.");
    }

    private static string ToText(ComparisonReport r, string[] models, int show)
    {
        var ci = CultureInfo.InvariantCulture;
        var s = new StringBuilder();
        s.AppendLine(ci, $"A = {models[0]}");
        s.AppendLine(ci, $"B = {models[1]}");
        s.AppendLine(ci, $"{r.Stories} stories, {r.Samples} paired bootstrap samples; intervals are 95%.");
        s.AppendLine();
        s.AppendLine(ci, $"{"topic",-10} {"n",5}  {"F1 A",-22} {"F1 B",-22} {"B - A",-24} {"p",6}  verdict");
        foreach (var t in r.Topics.Append(r.Macro))
        {
            s.AppendLine(ci, $"{t.Label,-10} {t.Support,5}  {Fmt(t.F1A),-22} {Fmt(t.F1B),-22} {FmtDiff(t.Difference),-24} {t.PValue,6:0.000}  {t.Verdict}");
        }
        s.AppendLine();
        s.AppendLine(ci, $"country micro-F1    A {r.CountryF1.A:0.000}   B {r.CountryF1.B:0.000}");
        s.AppendLine(ci, $"primary accuracy    A {r.PrimaryAccuracy.A:0.000}   B {r.PrimaryAccuracy.B:0.000}");
        s.AppendLine(ci, $"stories/s (1 thread) A {r.StoriesPerSecond.A:0}   B {r.StoriesPerSecond.B:0}");
        s.AppendLine();
        s.AppendLine(ci, $"{r.Changed.Count} stories changed tags:");
        foreach (var c in r.Changed.Take(show))
        {
            s.AppendLine(ci, $"  {c.Id}: truth [{string.Join(",", c.Truth)}]  A [{string.Join(",", c.TopicsA)}] {c.PrimaryA ?? "-"}  B [{string.Join(",", c.TopicsB)}] {c.PrimaryB ?? "-"}");
        }
        if (r.Changed.Count > show)
        {
            s.AppendLine(ci, $"  ... and {r.Changed.Count - show} more (--show-changed N, or --format json for all)");
        }
        s.AppendLine();
        s.AppendLine(r.BIsWorse ? "Verdict: B is significantly worse than A (macro-F1); exit 1." : r.BIsBetter ? "Verdict: B is significantly better than A (macro-F1)." : "Verdict: no significant difference in macro-F1.");
        return s.ToString();

        static string Fmt(Interval i) => string.Create(CultureInfo.InvariantCulture, $"{i.Value:0.000} [{i.Low:0.000}, {i.High:0.000}]");
        static string FmtDiff(Interval i) => string.Create(CultureInfo.InvariantCulture, $"{i.Value:+0.000;-0.000} [{i.Low:+0.000;-0.000}, {i.High:+0.000;-0.000}]");
    }

    private static string ToJson(ComparisonReport r, string[] models) => JsonSerializer.Serialize(new
    {
        modelA = models[0],
        modelB = models[1],
        stories = r.Stories,
        samples = r.Samples,
        topics = r.Topics,
        macro = r.Macro,
        verdict = r.BIsWorse ? "worse" : r.BIsBetter ? "better" : "same",
        countryF1 = new { a = r.CountryF1.A, b = r.CountryF1.B },
        primaryAccuracy = new { a = r.PrimaryAccuracy.A, b = r.PrimaryAccuracy.B },
        storiesPerSecond = new { a = r.StoriesPerSecond.A, b = r.StoriesPerSecond.B },
        changed = r.Changed,
    }, new JsonSerializerOptions(JsonSerializerDefaults.Web));
}
