using System.CommandLine;
using System.Globalization;
using System.Text;

namespace NewsClassifier.Cli.Commands;

/// <summary>newsclf inspect: prints a model folder's card after verifying the folder.</summary>
internal static class InspectCommand
{
    public static Command Build(CliContext context)
    {
        var folder = new Argument<string?>("DIR") { Description = "Model folder (default: the shipped model).", Arity = ArgumentArity.ZeroOrOne };
        var format = new Option<string>("--format") { Description = "text or json (the card as written).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("inspect", "Verify a model folder and print its model card.") { folder, format };
        command.SetAction(async (parse, cancellationToken) =>
        {
            // Loading verifies the schema version and every checksum before anything is printed.
            var tagger = NewsTagger.Load(parse.GetValue(folder) ?? NewsTagger.DefaultModelFolder);
            var card = tagger.Card;
            var text = parse.GetValue(format) == "json" ? card.ToJson() + "\n" : Describe(card, tagger.ModelFolder);
            await context.Stdout.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
            await context.Stdout.FlushAsync(cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Describe(ModelCard card, string folder)
    {
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(ci, $"Model folder: {folder} (verified: schema {card.SchemaVersion}, {card.Files.Count} files match their SHA-256)");
        sb.AppendLine(ci, $"Name: {card.Name}, trained {card.CreatedUtc} with seed {card.Seed}");
        sb.AppendLine(ci, $"Trainer: {card.Trainer}; lexicon features: {(card.UsesLexicon ? "yes" : "no")}");
        sb.AppendLine("Labels and thresholds: " + string.Join(", ", card.Labels.Select(l => string.Create(ci, $"{l} {card.Thresholds.GetValueOrDefault(l, 0.5f):0.00}"))));
        if (card.TrainingData is { } data)
        {
            sb.AppendLine(ci, $"Training data: {data.Path} (sha256 {data.Sha256[..12]}...), rows {string.Join(", ", data.Rows.Select(r => $"{r.Key} {r.Value}"))}");
        }
        foreach (var (split, metrics) in card.Metrics)
        {
            sb.Append(ci, $"Metrics on {split}: ").AppendLine(string.Join(", ", metrics.Where(m => !m.Key.StartsWith("f1.", StringComparison.Ordinal)).Select(m => string.Create(ci, $"{m.Key} {m.Value:0.####}"))));
        }
        if (card.Candidates.Count > 0)
        {
            sb.AppendLine("Model selection (cross-validated on train):");
            foreach (var c in card.Candidates)
            {
                sb.AppendLine(ci, $"  {c.Trainer,-24} macro-F1 {c.MacroF1:0.000}  micro-F1 {c.MicroF1:0.000}  {c.Seconds:0.0}s");
            }
        }
        if (card.CountryModel is { } countries)
        {
            sb.AppendLine(ci, $"Country models: {countries.AboutFile}, {countries.PrimaryFile}; about-threshold {countries.Threshold:0.00}");
        }
        if (card.EmbeddingModel is { } embedding)
        {
            sb.AppendLine(ci, $"Sentence embeddings (accurate model): {embedding.Name}, {embedding.Dimension} dimensions, {embedding.Package} {embedding.PackageVersion}, ONNX sha256 {embedding.OnnxSha256[..12]}...; headline up to {embedding.MaxTitlePieces} and story up to {embedding.MaxStoryPieces} word pieces, {embedding.Pooling} pooling");
        }
        sb.AppendLine("Libraries: " + string.Join(", ", card.Libraries.Select(l => $"{l.Key} {l.Value}")));
        return sb.ToString();
    }
}
