using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using NewsClassifier.Internal;
using NewsClassifier.Internal.Models;
using NewsClassifier.Training.Countries;
using NewsClassifier.Training.Data;
using NewsClassifier.Training.Evaluation;
using NewsClassifier.Training.Topics;

namespace NewsClassifier.Training;

/// <summary>What a training run produced.</summary>
/// <param name="Replaced">False when an existing, better model was kept (see <see cref="TrainingOptions.Force"/>).</param>
public sealed record TrainingResult(ModelCard Card, string Folder, bool Replaced, string Message);

/// <summary>Reads labelled data, selects and fits the models, tunes thresholds, evaluates, and writes a model folder.</summary>
public sealed class TrainingPipeline(Action<string> log)
{
    private const string TopicsFile = "topics.zip";
    private const string AboutFile = "countries-about.zip";
    private const string PrimaryFile = "countries-primary.zip";

    /// <summary>Runs the whole training; throws <see cref="DatasetException"/> for unusable data.</summary>
    public TrainingResult Run(TrainingOptions options, CancellationToken cancellationToken = default)
    {
        options.Validate();
        var clock = Stopwatch.StartNew();
        var stories = DatasetReader.Read(options.DataPath, options.Schema);
        var split = SplitRows(options, stories);
        var labels = ChooseLabels(options, split.Train, split.Test);
        Check(options, stories, split.Train, labels);
        log($"Read {stories.Count} stories: {split.Train.Count} train, {split.Validation.Count} validation, {split.Test.Count} test; {labels.Count} labels.");

        // Model selection by cross-validation on the training split.
        var candidates = new List<CandidateScore>();
        var outOfFold = new Dictionary<TrainerKind, float[][]>();
        var kinds = options.Trainer is { } fixedKind ? [fixedKind] : Enum.GetValues<TrainerKind>();
        var needCv = options.Trainer is null || split.Validation.Count == 0;
        if (needCv)
        {
            foreach (var kind in kinds)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var sw = Stopwatch.StartNew();
                var oof = CrossValidate(options, kind, split.Train, labels, cancellationToken);
                outOfFold[kind] = oof;
                var truth = Truth(split.Train, labels);
                var cvThresholds = ThresholdTuner.Tune(oof, truth, labels.Count);
                var metrics = Score(labels, split.Train, oof, cvThresholds);
                candidates.Add(new CandidateScore(kind.ToString(), Math.Round(metrics.MacroF1, 4), Math.Round(metrics.MicroF1, 4), Math.Round(sw.Elapsed.TotalSeconds, 1)));
                log($"  {kind,-24} cv macro-F1 {metrics.MacroF1:0.000}  micro-F1 {metrics.MicroF1:0.000}  ({sw.Elapsed.TotalSeconds:0.0}s)");
            }
        }
        var chosen = options.Trainer ?? Enum.Parse<TrainerKind>(candidates.MaxBy(c => c.MacroF1)!.Trainer);
        log($"Trainer: {chosen}.");

        var builder = new TopicModelBuilder(chosen, options.Featurization, options.Seed);
        var model = builder.Fit(split.Train, labels, cancellationToken);

        // Thresholds: tuned on the validation split, or on out-of-fold predictions when there is none.
        float[] tuned = split.Validation.Count > 0
            ? ThresholdTuner.Tune(builder.Predict(model, split.Validation), Truth(split.Validation, labels), labels.Count)
            : ThresholdTuner.Tune(outOfFold[chosen], Truth(split.Train, labels), labels.Count);
        var thresholds = labels.Select((l, k) => (l, k)).ToDictionary(x => x.l, x => tuned[x.k], StringComparer.Ordinal);

        var metricsBySplit = new Dictionary<string, IReadOnlyDictionary<string, double>>();
        foreach (var (name, rows) in new[] { (Splits.Validation, split.Validation), (Splits.Test, split.Test) })
        {
            if (rows.Count > 0)
            {
                metricsBySplit[name] = Score(labels, rows, builder.Predict(model, rows), tuned).Summary();
            }
        }

        // Country models, when the data says which countries stories are about.
        CountryModelInfo? countryInfo = null;
        (ITransformer About, ITransformer Primary)? countryModels = null;
        var countryBuilder = new CountryModelBuilder(options.Seed);
        if (split.Train.Count(r => r.Countries.Count > 0) >= 10)
        {
            countryModels = countryBuilder.Fit(split.Train);
            var threshold = TuneCountryThreshold(countryBuilder, countryModels.Value, split.Validation.Count > 0 ? split.Validation : split.Train);
            countryInfo = new CountryModelInfo(AboutFile, PrimaryFile, threshold, CountryFeatures.Names);
            log($"Country models trained; about-threshold {threshold:0.00}.");
        }

        var hyper = new Dictionary<string, string>(options.Featurization.Describe());
        foreach (var (k, v) in builder.DescribeLearner())
        {
            hyper[k] = v;
        }
        if (countryInfo is not null)
        {
            foreach (var (k, v) in CountryModelBuilder.Describe())
            {
                hyper[k] = v;
            }
        }

        // Write into a fresh folder beside the target, then move the files in: a crash never leaves a half-written model.
        var staging = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(options.OutputFolder))!, $".{Path.GetFileName(Path.GetFullPath(options.OutputFolder))}.staging-{Environment.ProcessId}");
        Directory.CreateDirectory(staging);
        try
        {
            builder.Save(model, Path.Combine(staging, TopicsFile));
            var files = new Dictionary<string, string> { [TopicsFile] = ModelBundle.Sha256(Path.Combine(staging, TopicsFile)) };
            if (countryModels is { } cm)
            {
                countryBuilder.Save(cm.About, Path.Combine(staging, AboutFile));
                countryBuilder.Save(cm.Primary, Path.Combine(staging, PrimaryFile));
                files[AboutFile] = ModelBundle.Sha256(Path.Combine(staging, AboutFile));
                files[PrimaryFile] = ModelBundle.Sha256(Path.Combine(staging, PrimaryFile));
            }
            var card = new ModelCard
            {
                Name = Path.GetFileNameWithoutExtension(options.DataPath),
                CreatedUtc = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                Labels = labels,
                Thresholds = thresholds,
                TextFields = options.Schema.TextFields,
                Trainer = chosen.ToString(),
                HyperParameters = hyper,
                UsesLexicon = options.Featurization.UseLexicon,
                Seed = options.Seed,
                TrainingData = new TrainingDataInfo(
                    Path.GetRelativePath(Directory.GetCurrentDirectory(), Path.GetFullPath(options.DataPath)).Replace('\\', '/'),
                    DatasetReader.Sha256(options.DataPath),
                    new Dictionary<string, int> { [Splits.Train] = split.Train.Count, [Splits.Validation] = split.Validation.Count, [Splits.Test] = split.Test.Count },
                    labels.ToDictionary(l => l, l => split.Train.Count(r => r.Labels.Contains(l)))),
                Metrics = metricsBySplit,
                Candidates = candidates,
                CountryModel = countryInfo,
                Files = files,
                Libraries = new Dictionary<string, string>
                {
                    ["Microsoft.ML"] = PackageVersionOf(typeof(MLContext)),
                    ["Microsoft.ML.FastTree"] = PackageVersionOf(typeof(Microsoft.ML.Trainers.FastTree.FastTreeBinaryTrainer)),
                    [".NET"] = Environment.Version.ToString(),
                },
                TopicModelFile = TopicsFile,
            };

            if (!options.Force && WouldBeWorse(options.OutputFolder, card, out var why))
            {
                return new TrainingResult(card, options.OutputFolder, false, why);
            }
            Publish(staging, options.OutputFolder, card);
            var took = clock.Elapsed.TotalSeconds;
            return new TrainingResult(card, options.OutputFolder, true, $"Wrote {options.OutputFolder} in {took:0}s.");
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    /// <summary>Fits <paramref name="kind"/> on all folds but one, in turn, and returns every row's held-out probabilities.</summary>
    private static float[][] CrossValidate(TrainingOptions options, TrainerKind kind, IReadOnlyList<LabeledStory> train, IReadOnlyList<string> labels, CancellationToken cancellationToken)
    {
        var result = new float[train.Count][];
        for (var fold = 0; fold < options.Folds; fold++)
        {
            var inFold = Enumerable.Range(0, train.Count).Where(i => FoldOf(train[i].Id, options.Folds) == fold).ToList();
            var rest = Enumerable.Range(0, train.Count).Where(i => FoldOf(train[i].Id, options.Folds) != fold).Select(i => train[i]).ToList();
            var builder = new TopicModelBuilder(kind, options.Featurization, options.Seed);
            var model = builder.Fit(rest, labels, cancellationToken);
            var predicted = builder.Predict(model, inFold.Select(i => train[i]).ToList());
            for (var j = 0; j < inFold.Count; j++)
            {
                result[inFold[j]] = predicted[j];
            }
        }
        return result;
    }

    // The assembly version of ML.NET is frozen at 1.0.0.0; the informational version carries the package version.
    private static string PackageVersionOf(Type type) =>
        type.Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion.Split('+')[0] ?? "unknown";

    /// <summary>A stable fold for an id, the same on every machine and run.</summary>
    internal static int FoldOf(string id, int folds) => (int)(StableHash.Fnv1a(id) % (uint)folds);

    private static MultiLabelMetrics Score(IReadOnlyList<string> labels, IReadOnlyList<LabeledStory> rows, float[][] probabilities, float[] thresholds)
    {
        var predicted = probabilities.Select(p => (IReadOnlyCollection<string>)labels.Where((_, k) => p[k] >= thresholds[k]).ToHashSet()).ToList();
        var truth = rows.Select(r => (IReadOnlyCollection<string>)r.Labels.ToHashSet()).ToList();
        return MultiLabelMetrics.Compute(labels, truth, predicted);
    }

    private static List<bool[]> Truth(IReadOnlyList<LabeledStory> rows, IReadOnlyList<string> labels) =>
        rows.Select(r => labels.Select(l => r.Labels.Contains(l)).ToArray()).ToList();

    private static float TuneCountryThreshold(CountryModelBuilder builder, (ITransformer About, ITransformer Primary) models, IReadOnlyList<LabeledStory> rows)
    {
        var ml = new MLContext(0);
        var candidates = builder.Rows(rows).Select(r => r.About).ToList();
        var engine = ml.Model.CreatePredictionEngine<CountryRow, CountryPrediction>(models.About);
        var scored = candidates.Select(c => (engine.Predict(c).Probability, c.Label)).ToList();
        // Labelled countries the entity layer finds no evidence for are misses at every threshold.
        var unreachable = rows.Sum(r => r.Countries.Count) - candidates.Count(c => c.Label);
        var best = 0.5f;
        var bestF1 = -1.0;
        for (var step = 10; step <= 90; step++)
        {
            var t = step / 100f;
            var tp = scored.Count(s => s.Probability >= t && s.Label);
            var fp = scored.Count(s => s.Probability >= t && !s.Label);
            var fn = scored.Count(s => s.Probability < t && s.Label) + Math.Max(0, unreachable);
            var f1 = Metrics.F1(tp, fp, fn);
            if (f1 > bestF1 + 1e-9)
            {
                bestF1 = f1;
                best = t;
            }
        }
        return best;
    }

    private static (List<LabeledStory> Train, List<LabeledStory> Validation, List<LabeledStory> Test) SplitRows(TrainingOptions options, List<LabeledStory> stories)
    {
        var unknown = stories.Where(s => s.Split is not ("" or Splits.Train or Splits.Validation or "valid" or "dev" or Splits.Test)).Select(s => s.Row).ToList();
        if (unknown.Count > 0)
        {
            throw DatasetException.BadRows(options.DataPath, "an unknown split name", unknown, "Use train, validation or test (or leave the field out: every row is then used for training).");
        }
        return (
            stories.Where(s => s.Split is "" or Splits.Train).ToList(),
            stories.Where(s => s.Split is Splits.Validation or "valid" or "dev").ToList(),
            stories.Where(s => s.Split == Splits.Test).ToList());
    }

    private static List<string> ChooseLabels(TrainingOptions options, List<LabeledStory> train, List<LabeledStory> test)
    {
        if (options.Labels is { Count: > 0 } given)
        {
            return given.ToList();
        }
        var seen = train.SelectMany(r => r.Labels).Distinct(StringComparer.Ordinal);
        if (options.LabelsInBothSplits)
        {
            var inTest = test.SelectMany(r => r.Labels).ToHashSet(StringComparer.Ordinal);
            seen = seen.Where(inTest.Contains);
        }
        return seen.Order(StringComparer.Ordinal).ToList();
    }

    private static void Check(TrainingOptions options, List<LabeledStory> all, List<LabeledStory> train, List<string> labels)
    {
        if (train.Count < 10)
        {
            throw DatasetException.TooSmall(options.DataPath, train.Count, 10);
        }
        if (labels.Count == 0)
        {
            throw DatasetException.BadRows(options.DataPath, $"no labels in the field '{options.Schema.LabelField}'", train.Take(10).Select(r => r.Row).ToList(), "Pass --label-field with the field that holds the labels.");
        }
        if (options.Labels is { Count: > 0 })
        {
            var known = labels.ToHashSet(StringComparer.Ordinal);
            var unknown = all.SelectMany(r => r.Labels.Where(l => !known.Contains(l)).Select(l => (l, r.Row)))
                .GroupBy(x => x.l).ToDictionary(g => g.Key, g => g.Select(x => x.Row).ToList());
            if (unknown.Count > 0)
            {
                throw DatasetException.UnknownLabels(options.DataPath, unknown, labels);
            }
        }
        foreach (var label in labels)
        {
            var positives = train.Count(r => r.Labels.Contains(label));
            if (positives == train.Count)
            {
                throw DatasetException.SingleClass(options.DataPath, label, allPositive: true);
            }
        }
        var tooFew = labels.Select(l => (Label: l, Count: train.Count(r => r.Labels.Contains(l)))).Where(x => x.Count < options.MinExamples).ToList();
        if (tooFew.Count > 0)
        {
            throw DatasetException.TooFewExamples(options.DataPath, tooFew, options.MinExamples);
        }
    }

    private static bool WouldBeWorse(string folder, ModelCard candidate, out string why)
    {
        why = "";
        var cardPath = Path.Combine(folder, ModelCard.FileName);
        if (!File.Exists(cardPath))
        {
            return false;
        }
        ModelCard existing;
        try
        {
            existing = ModelCard.FromJson(File.ReadAllText(cardPath));
        }
        catch (System.Text.Json.JsonException)
        {
            return false; // an unreadable card protects nothing
        }
        if (ModelCardCheck.Problems(existing).Count > 0)
        {
            return false; // nor does one that loading would refuse
        }
        if (!existing.Labels.SequenceEqual(candidate.Labels)
            || !existing.Metrics.TryGetValue(Splits.Test, out var old) || !old.TryGetValue("macroF1", out var oldMacro)
            || !candidate.Metrics.TryGetValue(Splits.Test, out var now) || !now.TryGetValue("macroF1", out var newMacro))
        {
            return false;
        }
        if (newMacro + 1e-9 < oldMacro)
        {
            why = $"Kept the existing model in {folder}: it scores macro-F1 {oldMacro:0.0000} on the test split, the new one {newMacro:0.0000}. Pass --force to replace it anyway.";
            return true;
        }
        return false;
    }

    private static void Publish(string staging, string target, ModelCard card)
    {
        Directory.CreateDirectory(target);
        foreach (var file in card.Files.Keys)
        {
            File.Move(Path.Combine(staging, file), Path.Combine(target, file), overwrite: true);
        }
        // The card goes last: until it lands, the folder's checksums refuse the half-replaced files.
        AtomicFile.WriteAllText(Path.Combine(target, ModelCard.FileName), card.ToJson() + "\n");
    }
}
