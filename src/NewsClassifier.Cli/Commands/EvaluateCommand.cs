using System.CommandLine;
using System.Globalization;
using NewsClassifier.Training.Data;
using NewsClassifier.Training.Entities;
using NewsClassifier.Training.Evaluation;

namespace NewsClassifier.Cli.Commands;

/// <summary>newsclf evaluate: scores a model on a labelled split, writes a report folder, and applies quality gates.</summary>
internal static class EvaluateCommand
{
    public static Command Build(CliContext context)
    {
        var data = new Option<string>("--data") { Description = "Labelled JSONL or CSV file.", Required = true };
        var model = new Option<string?>("--model") { Description = "Model folder (default: the shipped model)." };
        var labelField = new Option<string>("--label-field") { Description = "Field with the true labels.", DefaultValueFactory = _ => "topics" };
        var split = new Option<string>("--split") { Description = "Which rows to score: test, validation, train or all.", DefaultValueFactory = _ => "test" };
        var format = new Option<string>("--format") { Description = "json (the metrics on stdout) or text (a short table).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("json", "text");
        var textFields = new Option<string>("--text-fields") { Description = "Comma-separated text fields; with two or more, the first is the headline.", DefaultValueFactory = _ => "title,text" };
        var filter = new Option<string?>("--filter") { Description = "FIELD=VALUE: score only rows whose field has this value." };
        var report = new Option<string?>("--report") { Description = "Report folder (JSON, Markdown, PNG plots). Default: reports/<data>-<split>." };
        var countryField = new Option<string>("--country-field") { Description = "Field with the true countries.", DefaultValueFactory = _ => "countries" };
        var primaryField = new Option<string>("--primary-field") { Description = "Field with the true primary country.", DefaultValueFactory = _ => "primary" };
        var minMacro = new Option<double?>("--min-macro-f1") { Description = "Exit 1 when topic macro-F1 is below this." };
        var minMicro = new Option<double?>("--min-micro-f1") { Description = "Exit 1 when topic micro-F1 is below this." };
        var minCountry = new Option<double?>("--min-country-f1") { Description = "Exit 1 when country micro-F1 is below this." };
        var minPrimary = new Option<double?>("--min-primary-accuracy") { Description = "Exit 1 when primary-country accuracy is below this." };
        var minNone = new Option<double?>("--min-none-accuracy") { Description = "Exit 1 when accuracy on stories with no topic is below this." };
        var minEntity = new Option<double?>("--min-entity-f1") { Description = "Exit 1 when entity F1 (exact span and type) on the annotated stories is below this, or none is annotated." };
        var threads = new Option<int>("--threads") { Description = "Threads to tag with.", DefaultValueFactory = _ => Environment.ProcessorCount };

        var command = new Command("evaluate", "Score a model on labelled stories; write a report; fail when a quality gate is missed.")
        {
            data, model, labelField, split, format, textFields, filter, report, countryField, primaryField, minMacro, minMicro, minCountry, minPrimary, minNone, minEntity, threads,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var settings = new EvaluateSettings(
                parse.GetValue(data)!,
                parse.GetValue(model),
                new DatasetSchema
                {
                    LabelField = parse.GetValue(labelField)!,
                    TextFields = TrainCommand.SplitList(parse.GetValue(textFields)!),
                    CountryField = parse.GetValue(countryField)!,
                    PrimaryField = parse.GetValue(primaryField)!,
                    Filter = TrainCommand.ParseFilter(parse.GetValue(filter)),
                },
                parse.GetValue(split)!.ToLowerInvariant(),
                parse.GetValue(format) == "json",
                parse.GetValue(report),
                [
                    ("macro-F1", "--min-macro-f1", parse.GetValue(minMacro)),
                    ("micro-F1", "--min-micro-f1", parse.GetValue(minMicro)),
                    ("country micro-F1", "--min-country-f1", parse.GetValue(minCountry)),
                    ("primary-country accuracy", "--min-primary-accuracy", parse.GetValue(minPrimary)),
                    ("none accuracy", "--min-none-accuracy", parse.GetValue(minNone)),
                    ("entity F1", "--min-entity-f1", parse.GetValue(minEntity)),
                ],
                parse.GetValue(threads));
            return RunAsync(settings.Validate(), context, cancellationToken);
        });
        return command;
    }

    internal static async Task<int> RunAsync(EvaluateSettings settings, CliContext context, CancellationToken cancellationToken)
    {
        var options = new TaggerOptions { Threads = settings.Threads };
        var tagger = settings.Model is { } folder ? NewsTagger.Load(folder, options) : NewsTagger.LoadDefault(options);
        var modelHash = tagger.Card.Files.TryGetValue(tagger.Card.TopicModelFile, out var h) ? h : "";
        var shortHash = modelHash.Length >= 8 ? modelHash[..8] : "unhashed";
        // One report folder per model and data: evaluating another model never overwrites this one's report.
        var reportFolder = settings.Report ?? Path.Combine("reports", $"{Path.GetFileNameWithoutExtension(settings.DataPath)}-{settings.Split}-{tagger.Card.Name}-{shortHash}");
        // Before the data is read and tagged: a report folder that cannot be written fails now, not at the end (issue 15, case 19).
        OutputPaths.CheckFolder(reportFolder);
        var rows = (await DatasetReader.ReadAsync(settings.DataPath, settings.Schema, BadRowHandling.Refuse, null, cancellationToken))
            .Where(r => settings.Split == "all" || r.Split == settings.Split || (settings.Split == Splits.Train && r.Split.Length == 0)).ToList();
        if (rows.Count == 0)
        {
            throw new UsageException($"No rows of split '{settings.Split}' in {settings.DataPath}.");
        }
        var unknown = Evaluator.CheckLabels(tagger, rows, settings.DataPath);
        if (unknown.Count > 0)
        {
            var shown = string.Join(", ", unknown.Take(20).Select(l => $"'{Printable.Escape(l)}'")) + (unknown.Count > 20 ? $" and {unknown.Count - 20} more" : "");
            await context.Stderr.WriteLineAsync($"newsclf: {RunSummary.Plural(unknown.Count, "data label is", "data labels are")} not the model's and left out of the scores: {shown}.");
        }
        var evaluation = await Evaluator.EvaluateAsync(tagger, rows, settings.Split, cancellationToken);
        var model = new EvaluatedModel(tagger.Card.Name, Path.GetFullPath(tagger.ModelFolder), tagger.Card.Trainer, tagger.Card.CreatedUtc, modelHash);
        evaluation.WriteTo(reportFolder, $"Evaluation of {tagger.Card.Name} on {Path.GetFileName(settings.DataPath)}", model);
        // Entities, when the data marks them: exact span and type, and the country links of the matched spans.
        var entities = EntityEvaluation.Run(tagger, rows, EntityAnnotations.Read(settings.DataPath));
        if (entities is not null)
        {
            AtomicFile.WriteAllText(Path.Combine(reportFolder, "entities.json"), System.Text.Json.JsonSerializer.Serialize(entities.Summary(), ModelCard.JsonOptions) + "\n");
        }

        if (settings.Json)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(evaluation.ToJson(model) + "\n");
            await context.Stdout.WriteAsync(bytes, cancellationToken);
            await context.Stdout.FlushAsync(cancellationToken);
        }
        else
        {
            var ci = CultureInfo.InvariantCulture;
            var text = string.Create(ci, $"{RunSummary.Plural(rows.Count, "story", "stories")} ({settings.Split}): micro-F1 {evaluation.Topics.MicroF1:0.000}, macro-F1 {evaluation.Topics.MacroF1:0.000}, none accuracy {evaluation.Topics.NoneAccuracy:0.000}");
            if (evaluation.Countries.PrimaryTotal > 0)
            {
                text += string.Create(ci, $", country micro-F1 {evaluation.Countries.MicroF1:0.000}, primary accuracy {evaluation.Countries.PrimaryAccuracy:0.000}");
            }
            if (entities is not null)
            {
                text += string.Create(ci, $"\nentities ({RunSummary.Plural(entities.Stories, "annotated story", "annotated stories")}, {entities.GoldMentions} mentions): F1 {entities.F1:0.000}, precision {entities.Precision:0.000}, recall {entities.Recall:0.000} (person {entities.RecallOf(EntityType.Person):0.000}, organisation {entities.RecallOf(EntityType.Organization):0.000}, location {entities.RecallOf(EntityType.Location):0.000}, country {entities.RecallOf(EntityType.Country):0.000}), links {entities.LinkAccuracy:0.000}");
            }
            text += $"\nModel: {tagger.Card.Name} ({tagger.Card.Trainer}, topics SHA-256 {shortHash}...)\nReport: {reportFolder}\n";
            await context.Stdout.WriteAsync(System.Text.Encoding.UTF8.GetBytes(text), cancellationToken);
            await context.Stdout.FlushAsync(cancellationToken);
        }

        var missed = new List<string>();
        var values = new Dictionary<string, double>
        {
            ["macro-F1"] = evaluation.Topics.MacroF1,
            ["micro-F1"] = evaluation.Topics.MicroF1,
            ["country micro-F1"] = evaluation.Countries.MicroF1,
            ["primary-country accuracy"] = evaluation.Countries.PrimaryAccuracy,
            ["none accuracy"] = evaluation.Topics.NoneAccuracy,
            ["entity F1"] = entities?.F1 ?? 0,
        };
        foreach (var (name, _, minimum) in settings.Gates)
        {
            Gate(missed, name, values[name], minimum);
        }
        foreach (var line in missed)
        {
            await context.Stderr.WriteLineAsync($"newsclf: quality gate missed: {line}");
        }
        return missed.Count > 0 ? ExitCodes.Failure : ExitCodes.Success;
    }

    private static void Gate(List<string> missed, string name, double value, double? minimum)
    {
        if (minimum is { } m && value < m)
        {
            missed.Add(string.Create(CultureInfo.InvariantCulture, $"{name} is {value:0.0000}, below the minimum {m:0.0000}"));
        }
    }
}

/// <summary>What 'newsclf evaluate' was asked to do, checked before any work.</summary>
/// <param name="Gates">(metric name, option, minimum) for every quality gate; a null minimum is no gate.</param>
internal sealed record EvaluateSettings(
    string DataPath,
    string? Model,
    DatasetSchema Schema,
    string Split,
    bool Json,
    string? Report,
    IReadOnlyList<(string Name, string Option, double? Minimum)> Gates,
    int Threads)
{
    /// <summary>Checks every value; a <see cref="UsageException"/> names the option and its accepted range.</summary>
    public EvaluateSettings Validate()
    {
        foreach (var (_, option, minimum) in Gates)
        {
            if (minimum is { } m && (double.IsNaN(m) || m is < 0 or > 1))
            {
                throw new UsageException($"{option} must lie between 0 and 1, not {m.ToString(CultureInfo.InvariantCulture)}.");
            }
        }
        if (Threads is < 1 or > TaggerOptions.MaxThreads)
        {
            throw new UsageException($"--threads must lie between 1 and {TaggerOptions.MaxThreads}, not {Threads}.");
        }
        if (Split is not ("test" or "validation" or "train" or "all"))
        {
            throw new UsageException($"--split must be test, validation, train or all, not '{Split}'.");
        }
        return this;
    }
}
