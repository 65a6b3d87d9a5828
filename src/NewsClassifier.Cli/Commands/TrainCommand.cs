using NewsClassifier.Modeling;
using System.CommandLine;
using NewsClassifier.Training;
using NewsClassifier.Training.Data;
using NewsClassifier.Training.Topics;

namespace NewsClassifier.Cli.Commands;

/// <summary>newsclf train: trains a multi-label model (and country models when the data has countries).</summary>
internal static class TrainCommand
{
    public static Command Build(CliContext context)
    {
        var data = new Option<string[]>("--data") { Description = "Labelled JSONL or CSV file, as PATH or PATH:WEIGHT (each training row counts WEIGHT times); repeat for several files, a story id seen again replaces the earlier row.", Required = true, Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false };
        var labelField = new Option<string>("--label-field") { Description = "Field with the labels (a JSON array, or in CSV a list separated by ';').", DefaultValueFactory = _ => "topics" };
        var output = new Option<string>("--out") { Description = "Model folder to write.", Required = true };
        var textFields = new Option<string>("--text-fields") { Description = "Comma-separated fields joined into the text; with two or more, the first is the headline.", DefaultValueFactory = _ => "title,text" };
        var trainer = new Option<string>("--trainer") { Description = "auto (compare all by cross-validation), sdca, lbfgs, svm, fasttree or lightgbm.", DefaultValueFactory = _ => "auto" };
        trainer.AcceptOnlyFromAmong(["auto", .. TrainerNames.ByShortName.Keys]);
        var labels = new Option<string?>("--labels") { Description = "Comma-separated label set; rows with other labels are refused. Default: every label in the train split." };
        var bothSplits = new Option<bool>("--labels-in-both-splits") { Description = "Keep only labels that occur in both the train and test splits (the Reuters R90 protocol)." };
        var filter = new Option<string?>("--filter") { Description = "FIELD=VALUE: use only rows whose field has this value (e.g. in_apte90=true)." };
        var seed = new Option<int>("--seed") { Description = "Seed for every random choice.", DefaultValueFactory = _ => 42 };
        var folds = new Option<int>("--folds") { Description = "Cross-validation folds for model selection.", DefaultValueFactory = _ => 3 };
        var minExamples = new Option<int>("--min-examples") { Description = "Refuse labels with fewer training examples than this.", DefaultValueFactory = _ => 3 };
        var force = new Option<bool>("--force") { Description = "Replace the model in --out even if the new one scores lower on the test split." };
        var lexicon = new Option<bool>("--lexicon") { Description = "Add counts of the curated topic lexicon to the features (off by default: it hurt on real news)." };
        var charGrams = new Option<bool>("--char-ngrams") { Description = "Add character 4-grams of the body to the features (off by default: four times slower, no better)." };
        var tf = new Option<bool>("--tf") { Description = "Weight word n-grams by plain term frequency instead of TF-IDF." };
        var embeddings = new Option<string>("--embeddings") { Description = "Add a sentence embedding of the headline and the story's first 256 word pieces to the features (the accurate model; about 100 times slower to tag): none, arctic-xs or minilm.", DefaultValueFactory = _ => "none" };
        embeddings.AcceptOnlyFromAmong(["none", .. StoryEmbeddings.Names]);
        var countryField = new Option<string>("--country-field") { Description = "Field with the countries a story is about (country models are trained when present).", DefaultValueFactory = _ => "countries" };
        var primaryField = new Option<string>("--primary-field") { Description = "Field with the primary country.", DefaultValueFactory = _ => "primary" };
        var badRows = new Option<string>("--bad-rows") { Description = "refuse (default: name every row that cannot be read and stop) or skip (leave them out, each named on stderr).", DefaultValueFactory = _ => "refuse" };
        badRows.AcceptOnlyFromAmong("refuse", "skip");

        var command = new Command("train", "Train a multi-label model from labelled stories and write a model folder with its model card.")
        {
            data, labelField, output, textFields, trainer, labels, bothSplits, filter, seed, folds, minExamples, force, lexicon, charGrams, tf, embeddings, countryField, primaryField, badRows,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var files = parse.GetValue(data)!.Select(ParseWeighted).ToList();
            var options = new TrainingOptions
            {
                DataPath = files[0].Path,
                DataWeight = files[0].Weight,
                MoreData = files.Skip(1).ToList(),
                OutputFolder = parse.GetValue(output)!,
                Schema = new DatasetSchema
                {
                    LabelField = parse.GetValue(labelField)!,
                    TextFields = SplitList(parse.GetValue(textFields)!),
                    CountryField = parse.GetValue(countryField)!,
                    PrimaryField = parse.GetValue(primaryField)!,
                    Filter = ParseFilter(parse.GetValue(filter)),
                },
                Labels = parse.GetValue(labels) is { } l ? SplitList(l) : null,
                LabelsInBothSplits = parse.GetValue(bothSplits),
                Trainer = parse.GetValue(trainer) is "auto" or null ? null : TrainerNames.ByShortName[parse.GetValue(trainer)!],
                Featurization = new TopicFeaturization(UseLexicon: parse.GetValue(lexicon), UseCharGrams: parse.GetValue(charGrams), TfIdf: !parse.GetValue(tf),
                    Embeddings: parse.GetValue(embeddings) is "none" or null ? null : parse.GetValue(embeddings)),
                Seed = parse.GetValue(seed),
                Folds = parse.GetValue(folds),
                MinExamples = parse.GetValue(minExamples),
                Force = parse.GetValue(force),
                BadRows = parse.GetValue(badRows) == "skip" ? BadRowHandling.Skip : BadRowHandling.Refuse,
            };
            Validate(options);
            var pipeline = new TrainingPipeline(message => context.Stderr.WriteLine(message));
            var result = await Task.Run(() => pipeline.RunAsync(options, cancellationToken), cancellationToken);
            await context.Stderr.WriteLineAsync(result.Replaced ? result.Message : $"{result.Message} (--force)");
            foreach (var (split, metrics) in result.Card.Metrics)
            {
                await context.Stderr.WriteLineAsync($"  {split}: macro-F1 {metrics.GetValueOrDefault("macroF1"):0.000}, micro-F1 {metrics.GetValueOrDefault("microF1"):0.000}");
            }
            return result.Replaced ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }

    /// <summary>The library checks the options; its messages name properties, so say which option was meant.</summary>
    private static void Validate(TrainingOptions options)
    {
        if (options.Folds is < 2 or > 10)
        {
            throw new UsageException($"--folds must lie between 2 and 10, not {options.Folds}.");
        }
        if (options.MinExamples < 1)
        {
            throw new UsageException($"--min-examples must be at least 1, not {options.MinExamples}.");
        }
        if (string.IsNullOrWhiteSpace(options.OutputFolder))
        {
            throw new UsageException("--out must name a folder.");
        }
        options.Validate();
    }

    /// <summary>PATH or PATH:WEIGHT (a whole number); a colon not followed by digits belongs to the path.</summary>
    internal static WeightedDataFile ParseWeighted(string value)
    {
        var at = value.LastIndexOf(':');
        if (at > 0 && at < value.Length - 1 && value[(at + 1)..].All(char.IsAsciiDigit))
        {
            return int.TryParse(value[(at + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var weight)
                ? new WeightedDataFile(value[..at], weight)
                : throw new UsageException($"--data {value}: the weight after ':' must be a whole number from 1 to 100.");
        }
        return new WeightedDataFile(value);
    }

    internal static List<string> SplitList(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    internal static (string, string)? ParseFilter(string? filter)
    {
        if (filter is null)
        {
            return null;
        }
        var at = filter.IndexOf('=', StringComparison.Ordinal);
        if (at <= 0)
        {
            throw new UsageException($"--filter must be FIELD=VALUE, not '{filter}'.");
        }
        return (filter[..at], filter[(at + 1)..]);
    }
}
