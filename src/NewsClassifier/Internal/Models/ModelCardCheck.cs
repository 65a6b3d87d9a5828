using System.Globalization;

namespace NewsClassifier.Internal.Models;

/// <summary>
/// Checks a model card field by field before anything in it is used: a card edited by hand (thresholds of -5 or
/// 1e30, a removed country section, nulls, a short hash) is refused instead of half-working (issue 15, cases 16-17).
/// </summary>
internal static class ModelCardCheck
{
    /// <summary>Every problem found, in card order; empty when the card can be used.</summary>
    public static List<string> Problems(ModelCard card)
    {
        var problems = new List<string>();
        // JSON null reaches properties the compiler believes non-null, so each one is checked as an object.
        if (card.Labels is null || card.Labels.Count == 0)
        {
            problems.Add("\"labels\" is missing or empty");
        }
        else if (card.Labels.Any(string.IsNullOrWhiteSpace))
        {
            problems.Add("\"labels\" holds an empty or null label");
        }
        else if (card.Labels.Distinct(StringComparer.Ordinal).Count() != card.Labels.Count)
        {
            problems.Add("\"labels\" lists a label twice");
        }
        if (card.Thresholds is null)
        {
            problems.Add("\"thresholds\" is missing");
        }
        else if (card.Labels is { Count: > 0 } labels && labels.All(l => l is not null))
        {
            foreach (var label in labels.Where(l => !card.Thresholds.ContainsKey(l)))
            {
                problems.Add($"\"thresholds\" has no value for '{label}'");
            }
            foreach (var (label, value) in card.Thresholds)
            {
                if (!labels.Contains(label))
                {
                    problems.Add($"\"thresholds\" names '{label}', which is not among the labels");
                }
                else if (!IsProbability(value))
                {
                    problems.Add($"the threshold of '{label}' is {Format(value)}, outside [0, 1]");
                }
            }
        }
        if (card.TextFields is null || card.TextFields.Any(f => f is null))
        {
            problems.Add("\"textFields\" is missing or holds null");
        }
        if (card.HyperParameters is null || card.Metrics is null || card.Candidates is null || card.Libraries is null
            || card.Metrics.Values.Any(m => m is null) || card.Candidates.Any(c => c is null || c.Trainer is null))
        {
            problems.Add("a descriptive section (\"hyperParameters\", \"metrics\", \"candidates\" or \"libraries\") is null or holds null");
        }
        // Several data files (train --data A --data B:2) are recorded as their hashes joined by '+'.
        if (card.TrainingData is { } data && (data.Path is null || data.Sha256 is null || !data.Sha256.Split('+').All(IsSha256) || data.Rows is null || data.LabelCounts is null))
        {
            problems.Add("\"trainingData\" needs a path, a 64-digit hex sha256 per data file, rows and labelCounts");
        }
        if (!IsPlainFileName(card.TopicModelFile))
        {
            problems.Add($"\"topicModelFile\" must be a file name inside the folder, not '{card.TopicModelFile}'");
        }
        CheckCountryModel(card, problems);
        CheckEntityModel(card, problems);
        CheckFiles(card, problems);
        return problems;
    }

    private static void CheckCountryModel(ModelCard card, List<string> problems)
    {
        if (card.CountryModel is not { } countries)
        {
            // A folder trained with country models names their settings; without the section they would be silently off.
            if (card.HyperParameters?.Keys.Any(k => k.StartsWith("country.", StringComparison.Ordinal)) == true)
            {
                problems.Add("\"countryModel\" is missing although the hyper-parameters describe country models");
            }
            return;
        }
        if (!IsPlainFileName(countries.AboutFile) || !IsPlainFileName(countries.PrimaryFile))
        {
            problems.Add("\"countryModel\" must name its two files inside the folder");
        }
        if (!IsProbability(countries.Threshold))
        {
            problems.Add($"the country threshold is {Format(countries.Threshold)}, outside [0, 1]");
        }
        if (countries.Features is null || !countries.Features.SequenceEqual(CountryFeatures.Names))
        {
            problems.Add("\"countryModel.features\" does not list the features this version computes, in order");
        }
    }

    private static void CheckEntityModel(ModelCard card, List<string> problems)
    {
        if (card.EntityModel is not { } entities)
        {
            return;
        }
        if (!IsPlainFileName(entities.File))
        {
            problems.Add("\"entityModel\" must name its file inside the folder");
        }
        if (entities.Tags is null || entities.Tags.Count != Entities.EntityTags.Count)
        {
            problems.Add($"\"entityModel.tags\" must list the {Entities.EntityTags.Count} tags this version predicts");
        }
    }

    private static void CheckFiles(ModelCard card, List<string> problems)
    {
        if (card.Files is null)
        {
            problems.Add("\"files\" is missing");
            return;
        }
        var used = new HashSet<string>(StringComparer.Ordinal) { card.TopicModelFile ?? "" };
        if (card.CountryModel is { } countries)
        {
            used.Add(countries.AboutFile ?? "");
            used.Add(countries.PrimaryFile ?? "");
        }
        if (card.EntityModel is { } entityModel)
        {
            used.Add(entityModel.File ?? "");
        }
        foreach (var (file, hash) in card.Files)
        {
            if (!IsPlainFileName(file))
            {
                problems.Add($"\"files\" names '{file}': only files inside the model folder may be listed");
            }
            else if (!used.Contains(file))
            {
                problems.Add($"\"files\" lists '{file}', which nothing in the card uses (was a section removed?)");
            }
            if (!IsSha256(hash))
            {
                problems.Add($"the checksum of '{file}' is not 64 hex digits");
            }
        }
        foreach (var file in used.Where(f => f.Length > 0 && !card.Files.ContainsKey(f)))
        {
            problems.Add($"\"files\" has no checksum for '{file}'");
        }
    }

    private static bool IsProbability(float value) => float.IsFinite(value) && value is >= 0 and <= 1;

    private static bool IsSha256(string? hash) => hash is { Length: 64 } && hash.All(char.IsAsciiHexDigit);

    /// <summary>A bare name: no folder part, no "..", nothing that points outside the model folder.</summary>
    public static bool IsPlainFileName(string? name) =>
        !string.IsNullOrWhiteSpace(name) && name != "." && name != ".." && Path.GetFileName(name) == name
        && name.IndexOfAny(['/', '\\', '\0']) < 0;

    private static string Format(float value) => value.ToString("R", CultureInfo.InvariantCulture);
}
