using System.CommandLine;
using System.Globalization;
using NewsClassifier.Internal;
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
        var threads = new Option<int>("--threads") { Description = "Threads to tag with.", DefaultValueFactory = _ => Environment.ProcessorCount };

        var command = new Command("evaluate", "Score a model on labelled stories; write a report; fail when a quality gate is missed.")
        {
            data, model, labelField, split, format, textFields, filter, report, countryField, primaryField, minMacro, minMicro, minCountry, minPrimary, minNone, threads,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var schema = new DatasetSchema
            {
                LabelField = parse.GetValue(labelField)!,
                TextFields = TrainCommand.SplitList(parse.GetValue(textFields)!),
                CountryField = parse.GetValue(countryField)!,
                PrimaryField = parse.GetValue(primaryField)!,
                Filter = TrainCommand.ParseFilter(parse.GetValue(filter)),
            };
            var dataPath = parse.GetValue(data)!;
            var splitName = parse.GetValue(split)!.ToLowerInvariant();
            var tagger = NewsTagger.Load(parse.GetValue(model) ?? NewsTagger.DefaultModelFolder, new TaggerOptions { Threads = Math.Max(1, parse.GetValue(threads)) });
            var rows = DatasetReader.Read(dataPath, schema).Where(r => splitName == "all" || r.Split == splitName || (splitName == Splits.Train && r.Split.Length == 0)).ToList();
            if (rows.Count == 0)
            {
                throw new UsageException($"No rows of split '{splitName}' in {dataPath}.");
            }
            var evaluation = await Evaluate(tagger, rows, splitName, cancellationToken);
            var folder = parse.GetValue(report) ?? Path.Combine("reports", $"{Path.GetFileNameWithoutExtension(dataPath)}-{splitName}");
            evaluation.WriteTo(folder, $"Evaluation of {tagger.Card.Name} on {Path.GetFileName(dataPath)}");
            var entities = EntityEvaluation.Run(tagger, rows, EntityAnnotations.Read(dataPath));
            if (entities is not null)
            {
                AtomicFile.WriteAllText(Path.Combine(folder, "entities.json"),
                    System.Text.Json.JsonSerializer.Serialize(entities.Summary(), ModelCard.JsonOptions) + "\n");
            }

            if (parse.GetValue(format) == "json")
            {
                var bytes = System.Text.Encoding.UTF8.GetBytes(evaluation.ToJson() + "\n");
                await context.Stdout.WriteAsync(bytes, cancellationToken);
                await context.Stdout.FlushAsync(cancellationToken);
            }
            else
            {
                var ci = CultureInfo.InvariantCulture;
                var text = string.Create(ci, $"{rows.Count} stories ({splitName}): micro-F1 {evaluation.Topics.MicroF1:0.000}, macro-F1 {evaluation.Topics.MacroF1:0.000}, none accuracy {evaluation.Topics.NoneAccuracy:0.000}");
                if (evaluation.Countries.PrimaryTotal > 0)
                {
                    text += string.Create(ci, $", country micro-F1 {evaluation.Countries.MicroF1:0.000}, primary accuracy {evaluation.Countries.PrimaryAccuracy:0.000}");
                }
                if (entities is not null)
                {
                    text += string.Create(ci, $"\nentities ({entities.Stories} annotated stories, {entities.GoldMentions} mentions): F1 {entities.F1:0.000}, precision {entities.Precision:0.000}, recall {entities.Recall:0.000} (person {entities.RecallOf(EntityType.Person):0.000}, organisation {entities.RecallOf(EntityType.Organization):0.000}, location {entities.RecallOf(EntityType.Location):0.000}, country {entities.RecallOf(EntityType.Country):0.000}), links {entities.LinkAccuracy:0.000}");
                }
                text += $"\nReport: {folder}\n";
                await context.Stdout.WriteAsync(System.Text.Encoding.UTF8.GetBytes(text), cancellationToken);
                await context.Stdout.FlushAsync(cancellationToken);
            }

            var missed = new List<string>();
            Gate(missed, "macro-F1", evaluation.Topics.MacroF1, parse.GetValue(minMacro));
            Gate(missed, "micro-F1", evaluation.Topics.MicroF1, parse.GetValue(minMicro));
            Gate(missed, "country micro-F1", evaluation.Countries.MicroF1, parse.GetValue(minCountry));
            Gate(missed, "primary-country accuracy", evaluation.Countries.PrimaryAccuracy, parse.GetValue(minPrimary));
            Gate(missed, "none accuracy", evaluation.Topics.NoneAccuracy, parse.GetValue(minNone));
            foreach (var line in missed)
            {
                await context.Stderr.WriteLineAsync($"newsclf: quality gate missed: {line}");
            }
            return missed.Count > 0 ? ExitCodes.Failure : ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Tags the rows with the model's own thresholds and scores what a user would get.</summary>
    internal static async Task<EvaluationReport> Evaluate(NewsTagger tagger, IReadOnlyList<LabeledStory> rows, string split, CancellationToken cancellationToken)
    {
        var scored = new List<ScoredStory>(rows.Count);
        var failed = 0;
        var results = tagger.TagAsync(rows.Select(r => r.ToArticle()).ToAsyncEnumerable(), cancellationToken);
        var i = 0;
        await foreach (var result in results)
        {
            var row = rows[i++];
            if (!result.Succeeded)
            {
                failed++;
                continue;
            }
            scored.Add(new ScoredStory(
                row.Id,
                row.Labels.Where(tagger.Labels.Contains).ToHashSet(),
                result.Topics.Select(t => t.Label).ToHashSet(),
                result.TopicScores,
                row.Countries.ToHashSet(),
                result.Countries.Select(c => c.Code).ToHashSet(),
                row.Primary,
                result.PrimaryCountry));
        }
        return EvaluationReport.Create(split, tagger.Labels, scored, failed);
    }

    private static void Gate(List<string> missed, string name, double value, double? minimum)
    {
        if (minimum is { } m && value < m)
        {
            missed.Add(string.Create(CultureInfo.InvariantCulture, $"{name} is {value:0.0000}, below the minimum {m:0.0000}"));
        }
    }
}
