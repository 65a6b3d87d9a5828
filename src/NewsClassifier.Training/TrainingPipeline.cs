using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using NewsClassifier.Modeling;
using NewsClassifier.Training.Countries;
using NewsClassifier.Training.Data;
using NewsClassifier.Training.Entities;
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

    /// <summary>Called before each candidate trainer is cross-validated (tests make one fail here).</summary>
    internal Action<TrainerKind>? BeforeCandidate { get; init; }

    /// <summary>Beyond this many labels only the linear trainers are compared by default: trees fit one model per label per fold and take hours.</summary>
    public const int MaxLabelsForTreeTrainers = 24;

    /// <summary>Runs the whole training (synchronously); throws <see cref="DatasetException"/> for unusable data.</summary>
    public TrainingResult Run(TrainingOptions options, CancellationToken cancellationToken = default) =>
        RunAsync(options, cancellationToken).GetAwaiter().GetResult();

    /// <summary>
    /// Runs the training in stages, each checking <paramref name="cancellationToken"/>: check the data, select the trainer,
    /// fit and tune the topic model, fit the country models, write the card, publish. Throws <see cref="DatasetException"/>
    /// for unusable data.
    /// </summary>
    public async Task<TrainingResult> RunAsync(TrainingOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        // Before the data is read: a model folder that cannot be written fails now, not after the fit (issue 15, case 19).
        OutputPaths.CheckFolder(options.OutputFolder);
        var clock = Stopwatch.StartNew();
        var data = await CheckDataAsync(options, cancellationToken).ConfigureAwait(false);
        using var embeddings = EmbedStories(options, data, cancellationToken);
        var selection = SelectTrainer(options, data, embeddings, cancellationToken);
        var topics = FitTopics(options, data, selection, embeddings, cancellationToken);
        var entities = FitEntities(options, data, cancellationToken);
        var countries = FitCountries(options, data, entities?.Recognizer, cancellationToken);
        var staging = StagingFolderFor(options.OutputFolder);
        Directory.CreateDirectory(staging);
        try
        {
            var card = await WriteCardAsync(options, data, selection, topics, entities, countries, embeddings, staging, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (!options.Force && WouldBeWorse(options.OutputFolder, card, out var why))
            {
                return new TrainingResult(card, options.OutputFolder, false, why);
            }
            Publish(staging, options.OutputFolder, card);
            return new TrainingResult(card, options.OutputFolder, true, $"Wrote {options.OutputFolder} in {clock.Elapsed.TotalSeconds:0}s.");
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    private sealed record DataStage(List<LabeledStory> All, List<LabeledStory> Train, List<LabeledStory> Validation, List<LabeledStory> Test, List<string> Labels);

    private sealed record TrainerStage(TrainerKind Chosen, List<CandidateScore> Candidates, Dictionary<TrainerKind, float[][]> OutOfFold);

    private sealed record TopicStage(TopicModelBuilder Builder, ITransformer Model, Dictionary<string, float> Thresholds, Dictionary<string, IReadOnlyDictionary<string, double>> Metrics);

    private sealed record CountryStage(CountryModelBuilder Builder, ITransformer About, ITransformer Primary, CountryModelInfo Info);

    private sealed record EntityStage(EntityRecognizerModel Recognizer, EntityModelInfo Info, IReadOnlyDictionary<string, IReadOnlyList<AnnotatedEntity>> Annotations);

    /// <summary>Accurate mode: every story's sentence embedding, computed once on all cores; null for the fast model.</summary>
    private StoryEmbeddings? EmbedStories(TrainingOptions options, DataStage data, CancellationToken cancellationToken)
    {
        if (options.Featurization.Embeddings is not { } name)
        {
            return null;
        }
        var embeddings = StoryEmbeddings.Load(name);
        var sw = Stopwatch.StartNew();
        embeddings.Precompute(data.All.Select(s => (s.Title, s.Text)), cancellationToken);
        log($"Embedded {RunSummary.Plural(data.All.Count, "story", "stories")} with {embeddings.Info.Name} in {sw.Elapsed.TotalSeconds:0}s.");
        return embeddings;
    }

    /// <summary>The statistical entity recogniser, when the data carries entity annotations for enough training stories.</summary>
    private EntityStage? FitEntities(TrainingOptions options, DataStage data, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var annotations = EntityAnnotations.Read(options.DataPath);
        var annotated = data.Train.DistinctBy(r => r.Id).Where(r => annotations.ContainsKey(r.Id)).Select(r => (r, annotations[r.Id])).ToList();
        if (annotated.Count < EntityModelBuilder.MinimumStories)
        {
            return null;
        }
        var sw = Stopwatch.StartNew();
        var builder = new EntityModelBuilder(options.Seed);
        var recognizer = builder.Fit(annotated, cancellationToken);
        log($"Entity recogniser trained on {RunSummary.Plural(annotated.Count, "annotated story", "annotated stories")} in {sw.Elapsed.TotalSeconds:0}s.");
        var info = new EntityModelInfo(EntityModelBuilder.FileName, EntityRecognizerModel.Tags, annotated.Count, builder.Epochs, new Dictionary<string, double>());
        return new EntityStage(recognizer, info, annotations);
    }

    /// <summary>Stage 1: read the data through the shared readers, split it, choose and check the labels.</summary>
    private async Task<DataStage> CheckDataAsync(TrainingOptions options, CancellationToken cancellationToken)
    {
        var stories = await ReadAllAsync(options, cancellationToken).ConfigureAwait(false);
        var split = SplitRows(options, stories);
        split.Train = Repeat(split.Train);
        var labels = ChooseLabels(options, split.Train, split.Test);
        Check(options, stories, split.Train, labels);
        log($"Read {RunSummary.Plural(stories.Count, "story", "stories")}: {split.Train.Count} train, {split.Validation.Count} validation, {split.Test.Count} test; {RunSummary.Plural(labels.Count, "label", "labels")}.");
        return new DataStage(stories, split.Train, split.Validation, split.Test, labels);
    }

    /// <summary>The trainers compared when none is named: all of them for a few labels, the linear ones beyond <see cref="MaxLabelsForTreeTrainers"/>.</summary>
    public static IReadOnlyList<TrainerKind> DefaultCandidates(int labelCount) => labelCount <= MaxLabelsForTreeTrainers
        ? Enum.GetValues<TrainerKind>()
        : [TrainerKind.LinearSvm, TrainerKind.LbfgsLogisticRegression, TrainerKind.SdcaLogisticRegression];

    /// <summary>Stage 2: compare the candidate trainers by cross-validation on the train split; a trainer that fails is skipped, not fatal.</summary>
    private TrainerStage SelectTrainer(TrainingOptions options, DataStage data, StoryEmbeddings? embeddings, CancellationToken cancellationToken)
    {
        var candidates = new List<CandidateScore>();
        var outOfFold = new Dictionary<TrainerKind, float[][]>();
        var kinds = options.Trainer is { } fixedKind ? [fixedKind] : DefaultCandidates(data.Labels.Count);
        if (options.Trainer is null && kinds.Count < Enum.GetValues<TrainerKind>().Length)
        {
            log($"{data.Labels.Count} labels: comparing the linear trainers only (tree trainers fit one model per label and fold; name one to try it).");
        }
        var needCv = options.Trainer is null || data.Validation.Count == 0;
        if (!needCv)
        {
            return new TrainerStage(options.Trainer!.Value, candidates, outOfFold);
        }
        var failures = new List<string>();
        for (var i = 0; i < kinds.Count; i++)
        {
            var kind = kinds[i];
            cancellationToken.ThrowIfCancellationRequested();
            log($"  [{i + 1}/{kinds.Count}] {kind}: {options.Folds}-fold cross-validation...");
            var sw = Stopwatch.StartNew();
            try
            {
                BeforeCandidate?.Invoke(kind);
                var oof = CrossValidate(options, kind, data.Train, data.Labels, embeddings, log, cancellationToken);
                outOfFold[kind] = oof;
                var truth = Truth(data.Train, data.Labels);
                var cvThresholds = ThresholdTuner.Tune(oof, truth, data.Labels.Count);
                var metrics = Score(data.Labels, data.Train, oof, cvThresholds);
                candidates.Add(new CandidateScore(kind.ToString(), Math.Round(metrics.MacroF1, 4), Math.Round(metrics.MicroF1, 4), Math.Round(sw.Elapsed.TotalSeconds, 1)));
                log($"  [{i + 1}/{kinds.Count}] {kind,-24} cv macro-F1 {metrics.MacroF1:0.000}  micro-F1 {metrics.MicroF1:0.000}  ({sw.Elapsed.TotalSeconds:0.0}s)");
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // ML.NET trainers fail in their own ways (LightGBM overflows on many labels): skip the candidate, say why.
                var why = $"{ex.GetType().Name}: {ex.Message.Split('\n')[0]}";
                failures.Add($"{kind}: {why}");
                candidates.Add(new CandidateScore(kind.ToString(), 0, 0, Math.Round(sw.Elapsed.TotalSeconds, 1)) { Failure = why });
                log($"  [{i + 1}/{kinds.Count}] {kind} failed and is skipped: {why}");
            }
        }
        var usable = candidates.Where(c => c.Failure is null).ToList();
        if (usable.Count == 0)
        {
            throw DatasetException.NoTrainerSucceeded(options.DataPath, failures);
        }
        var chosen = options.Trainer ?? Enum.Parse<TrainerKind>(usable.MaxBy(c => c.MacroF1)!.Trainer);
        log($"Trainer: {chosen}.");
        return new TrainerStage(chosen, candidates, outOfFold);
    }

    /// <summary>Stage 3: fit the chosen trainer on the train split, tune thresholds, score the held-out splits.</summary>
    private TopicStage FitTopics(TrainingOptions options, DataStage data, TrainerStage selection, StoryEmbeddings? embeddings, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var builder = new TopicModelBuilder(selection.Chosen, options.Featurization, options.Seed, embeddings);
        var model = builder.Fit(data.Train, data.Labels, cancellationToken);
        // Thresholds: tuned on the validation split, or on out-of-fold predictions when there is none.
        float[] tuned = data.Validation.Count > 0
            ? ThresholdTuner.Tune(builder.Predict(model, data.Validation), Truth(data.Validation, data.Labels), data.Labels.Count)
            : ThresholdTuner.Tune(selection.OutOfFold[selection.Chosen], Truth(data.Train, data.Labels), data.Labels.Count);
        var thresholds = data.Labels.Select((l, k) => (l, k)).ToDictionary(x => x.l, x => tuned[x.k], StringComparer.Ordinal);
        var metrics = new Dictionary<string, IReadOnlyDictionary<string, double>>();
        foreach (var (name, rows) in new[] { (Splits.Validation, data.Validation), (Splits.Test, data.Test) })
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (rows.Count > 0)
            {
                metrics[name] = Score(data.Labels, rows, builder.Predict(model, rows), tuned).Summary();
            }
        }
        log($"Topic model fitted ({selection.Chosen}).");
        return new TopicStage(builder, model, thresholds, metrics);
    }

    /// <summary>Stage 4: the country models, when the data says which countries stories are about.</summary>
    private CountryStage? FitCountries(TrainingOptions options, DataStage data, EntityRecognizerModel? recognizer, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (data.Train.Count(r => r.Countries.Count > 0) < 10)
        {
            return null;
        }
        // The country models learn from the evidence the tagger will give them: through the recogniser when there is one.
        var builder = new CountryModelBuilder(options.Seed, recognizer);
        var (about, primary) = builder.Fit(data.Train);
        cancellationToken.ThrowIfCancellationRequested();
        var threshold = TuneCountryThreshold(builder, (about, primary), data.Validation.Count > 0 ? data.Validation : data.Train);
        log($"Country models trained; about-threshold {threshold:0.00}.");
        return new CountryStage(builder, about, primary, new CountryModelInfo(AboutFile, PrimaryFile, threshold, StoryFeatures.CountryFeatureNames.ToList()));
    }

    /// <summary>Stage 5: save the models and the card into the staging folder; country figures come from tagging the test split with the staged folder, as users would.</summary>
    private async Task<ModelCard> WriteCardAsync(TrainingOptions options, DataStage data, TrainerStage selection, TopicStage topics, EntityStage? entities,
        CountryStage? countries, StoryEmbeddings? embeddings, string staging, CancellationToken cancellationToken)
    {
        var hyper = new Dictionary<string, string>(options.Featurization.Describe());
        foreach (var (k, v) in topics.Builder.DescribeLearner())
        {
            hyper[k] = v;
        }
        if (countries is not null)
        {
            foreach (var (k, v) in CountryModelBuilder.Describe())
            {
                hyper[k] = v;
            }
        }
        topics.Builder.Save(topics.Model, Path.Combine(staging, TopicsFile));
        var files = new Dictionary<string, string> { [TopicsFile] = ModelCard.Sha256Of(Path.Combine(staging, TopicsFile)) };
        if (countries is not null)
        {
            countries.Builder.Save(countries.About, Path.Combine(staging, AboutFile));
            countries.Builder.Save(countries.Primary, Path.Combine(staging, PrimaryFile));
            files[AboutFile] = ModelCard.Sha256Of(Path.Combine(staging, AboutFile));
            files[PrimaryFile] = ModelCard.Sha256Of(Path.Combine(staging, PrimaryFile));
        }
        if (entities is not null)
        {
            EntityModelBuilder.Save(entities.Recognizer, Path.Combine(staging, EntityModelBuilder.FileName));
            files[EntityModelBuilder.FileName] = ModelCard.Sha256Of(Path.Combine(staging, EntityModelBuilder.FileName));
        }
        var card = new ModelCard
        {
            Name = Path.GetFileNameWithoutExtension(options.DataPath),
            CreatedUtc = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            Labels = data.Labels,
            Thresholds = topics.Thresholds,
            TextFields = options.Schema.TextFields,
            Trainer = selection.Chosen.ToString(),
            HyperParameters = hyper,
            UsesLexicon = options.Featurization.UseLexicon,
            Seed = options.Seed,
            TrainingData = new TrainingDataInfo(
                DescribeData(options),
                options.MoreData.Count == 0 ? DatasetReader.Sha256(options.DataPath) : string.Join("+", options.MoreData.Select(d => DatasetReader.Sha256(d.Path)).Prepend(DatasetReader.Sha256(options.DataPath))),
                new Dictionary<string, int> { [Splits.Train] = data.Train.Count, [Splits.Validation] = data.Validation.Count, [Splits.Test] = data.Test.Count },
                data.Labels.ToDictionary(l => l, l => data.Train.Count(r => r.Labels.Contains(l)))),
            Metrics = topics.Metrics,
            Candidates = selection.Candidates,
            CountryModel = countries?.Info,
            EntityModel = entities?.Info,
            EmbeddingModel = embeddings?.Info,
            Files = files,
            Libraries = new Dictionary<string, string>
            {
                ["Microsoft.ML"] = PackageVersionOf(typeof(MLContext)),
                ["Microsoft.ML.FastTree"] = PackageVersionOf(typeof(Microsoft.ML.Trainers.FastTree.FastTreeBinaryTrainer)),
                [".NET"] = Environment.Version.ToString(),
            },
            TopicModelFile = TopicsFile,
        };
        AtomicFile.WriteAllText(Path.Combine(staging, ModelCard.FileName), card.ToJson() + "\n");
        var staged = NewsTagger.Load(staging, new TaggerOptions { Threads = Math.Min(Environment.ProcessorCount, TaggerOptions.MaxThreads) });
        if (entities is not null)
        {
            // Entity figures through the staged folder's own tagger, on the held-out annotated stories: what users will get.
            var heldOut = data.Test.Concat(data.Validation).Where(r => entities.Annotations.ContainsKey(r.Id));
            if (EntityEvaluation.Run(staged, heldOut, entities.Annotations) is { } measured)
            {
                card = card with { EntityModel = entities.Info with { Metrics = measured.Summary() } };
                AtomicFile.WriteAllText(Path.Combine(staging, ModelCard.FileName), card.ToJson() + "\n");
                log($"Entities on {RunSummary.Plural(measured.Stories, "held-out annotated story", "held-out annotated stories")}: F1 {measured.F1:0.000}, precision {measured.Precision:0.000}, recall {measured.Recall:0.000}, links {measured.LinkAccuracy:0.000}.");
            }
        }
        var countryRows = data.Test.Where(r => r.Countries.Count > 0).ToList();
        if (countries is null || countryRows.Count == 0)
        {
            return card;
        }
        // Country figures through the tagger itself (entity layer, evidence, both models, threshold), on the staged folder.
        var evaluation = await Evaluator.EvaluateAsync(staged, countryRows, Splits.Test, cancellationToken).ConfigureAwait(false);
        var metrics = new Dictionary<string, IReadOnlyDictionary<string, double>>(topics.Metrics);
        var test = new Dictionary<string, double>(metrics.TryGetValue(Splits.Test, out var m) ? m : new Dictionary<string, double>());
        foreach (var (k, v) in evaluation.Countries.Summary())
        {
            test[k] = v;
        }
        metrics[Splits.Test] = test;
        log($"Countries on the test split: micro-F1 {evaluation.Countries.MicroF1:0.000}, primary accuracy {evaluation.Countries.PrimaryAccuracy:0.000}.");
        card = card with { Metrics = metrics };
        AtomicFile.WriteAllText(Path.Combine(staging, ModelCard.FileName), card.ToJson() + "\n");
        return card;
    }

    private static string StagingFolderFor(string output)
    {
        // Staging folders of killed runs (named by their process id) are removed here, by the next run to this folder.
        AtomicFile.RemoveStale(output);
        return AtomicFile.StagingFolderFor(output);
    }

    /// <summary>Fits <paramref name="kind"/> on all folds but one, in turn, and returns every row's held-out probabilities.</summary>
    private static float[][] CrossValidate(TrainingOptions options, TrainerKind kind, IReadOnlyList<LabeledStory> train, IReadOnlyList<string> labels,
        StoryEmbeddings? embeddings, Action<string> log, CancellationToken cancellationToken)
    {
        var result = new float[train.Count][];
        for (var fold = 0; fold < options.Folds; fold++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (labels.Count > MaxLabelsForTreeTrainers)
            {
                log($"      fold {fold + 1}/{options.Folds}");
            }
            var inFold = Enumerable.Range(0, train.Count).Where(i => FoldOf(train[i].Id, options.Folds) == fold).ToList();
            var rest = Enumerable.Range(0, train.Count).Where(i => FoldOf(train[i].Id, options.Folds) != fold).Select(i => train[i]).ToList();
            var builder = new TopicModelBuilder(kind, options.Featurization, options.Seed, embeddings);
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
    internal static int FoldOf(string id, int folds) => Shard.Of(id, folds);

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

    /// <summary>Reads every data file; a story id seen again replaces the earlier row. Each row keeps its file's weight.</summary>
    private async Task<List<LabeledStory>> ReadAllAsync(TrainingOptions options, CancellationToken cancellationToken)
    {
        var files = options.MoreData.Prepend(new WeightedDataFile(options.DataPath, options.DataWeight)).ToList();
        if (files.Count == 1 && options.DataWeight == 1)
        {
            return await DatasetReader.ReadAsync(options.DataPath, options.Schema, options.BadRows, log, cancellationToken).ConfigureAwait(false);
        }
        var byId = new Dictionary<string, LabeledStory>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var (file, index) in files.Select((f, i) => (f, i)))
        {
            foreach (var story in await DatasetReader.ReadAsync(file.Path, options.Schema, options.BadRows, log, cancellationToken).ConfigureAwait(false))
            {
                // Rows without an id are numbered per file; keep those of different files apart.
                var key = story.Id.StartsWith("row-", StringComparison.Ordinal) ? $"{index}:{story.Id}" : story.Id;
                if (!byId.ContainsKey(key))
                {
                    order.Add(key);
                }
                byId[key] = story with { Weight = file.Weight };
            }
        }
        return order.Select(k => byId[k]).ToList();
    }

    /// <summary>The data files as the card records them: relative paths, with ":weight" when not 1, joined by " + ".</summary>
    private static string DescribeData(TrainingOptions options) => string.Join(" + ",
        options.MoreData.Prepend(new WeightedDataFile(options.DataPath, options.DataWeight)).Select(d =>
            Path.GetRelativePath(Directory.GetCurrentDirectory(), Path.GetFullPath(d.Path)).Replace('\\', '/') + (d.Weight == 1 ? "" : $":{d.Weight}")));

    /// <summary>Weights by repetition: a training row of weight w is fitted w times (the same id, so the same fold).</summary>
    private static List<LabeledStory> Repeat(List<LabeledStory> train) =>
        train.Any(s => s.Weight > 1) ? train.SelectMany(s => Enumerable.Repeat(s, s.Weight)).ToList() : train;

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
        // First-seen order in the data (not alphabetical): output columns and topicScores keep the order the data gives.
        var seen = train.SelectMany(r => r.Labels).Distinct(StringComparer.Ordinal);
        if (options.LabelsInBothSplits)
        {
            var inTest = test.SelectMany(r => r.Labels).ToHashSet(StringComparer.Ordinal);
            seen = seen.Where(inTest.Contains);
        }
        var labels = seen.ToList();
        // Retraining a model: keep the order of the model being replaced when the label set is the same.
        if (ExistingCard(options.OutputFolder) is { } existing && existing.Labels.ToHashSet(StringComparer.Ordinal).SetEquals(labels))
        {
            return existing.Labels.ToList();
        }
        return labels;
    }

    private static void Check(TrainingOptions options, List<LabeledStory> all, List<LabeledStory> train, List<string> labels)
    {
        if (train.Count < 10)
        {
            throw DatasetException.TooSmall(options.DataPath, train.Count, 10);
        }
        var caseGroups = all.SelectMany(r => r.Labels).Distinct(StringComparer.Ordinal).GroupBy(l => l, StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Count() > 1).Select(g => (IReadOnlyList<string>)g.ToList()).ToList();
        if (caseGroups.Count > 0)
        {
            throw DatasetException.LabelsDifferOnlyInCase(options.DataPath, caseGroups);
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
        if (ExistingCard(folder) is not { } existing)
        {
            return false; // no card, or an unreadable one, protects nothing
        }
        // Compared by label name: the same labels in another order are the same task (issue #11).
        if (!existing.Labels.ToHashSet(StringComparer.Ordinal).SetEquals(candidate.Labels)
            || !existing.Metrics.TryGetValue(Splits.Test, out var old) || !old.TryGetValue("macroF1", out var oldMacro)
            || !candidate.Metrics.TryGetValue(Splits.Test, out var now) || !now.TryGetValue("macroF1", out var newMacro))
        {
            return false;
        }
        if (newMacro + 1e-9 < oldMacro)
        {
            why = $"Kept the existing model in {folder}: it scores macro-F1 {oldMacro:0.0000} on the test split, the new one {newMacro:0.0000}. Force the replacement to keep the new one anyway.";
            return true;
        }
        return false;
    }

    private static ModelCard? ExistingCard(string folder)
    {
        var cardPath = Path.Combine(folder, ModelCard.FileName);
        try
        {
            // A card that loading would refuse (nulls, thresholds out of range) protects nothing either.
            return File.Exists(cardPath) && ModelCard.FromJson(File.ReadAllText(cardPath)) is { } card && card.Problems().Count == 0 ? card : null;
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
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
