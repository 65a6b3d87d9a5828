using System.Text;
using System.Text.Json;

namespace NewsClassifier.Desk;

/// <summary>What an export wrote.</summary>
/// <param name="TestStories">Stories given the "test" split (kept out of training, used to compare models on editors' labels).</param>
public sealed record ExportSummary(string Path, int Stories, int TestStories);

/// <summary>Writes reviewed stories in the training format, with the editors' labels (never the model's).</summary>
public static class FeedbackExporter
{
    /// <summary>
    /// Writes one JSON line per reviewed story (its latest decision; stories never reviewed are left out):
    /// id, title, text, topics, countries, primary and a split chosen by a stable hash of the id, so a story stays
    /// in the same split from one export to the next. The file is written to a temporary name and renamed.
    /// </summary>
    public static async Task<ExportSummary> ExportAsync(IFeedbackStore store, string outPath, double testShare = 0.2, CancellationToken cancellationToken = default)
    {
        if (testShare is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(testShare), testShare, $"--test-share must be between 0 and 1, not {testShare}.");
        }
        var full = Path.GetFullPath(outPath);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        int count = 0, test = 0;
        try
        {
            await using (var writer = new StreamWriter(temp, append: false, new UTF8Encoding(false)))
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                await foreach (var reviewed in store.ReviewedAsync(cancellationToken))
                {
                    if (!seen.Add(reviewed.Story.Id))
                    {
                        continue; // the store yields one row per story; this keeps the promise if a backend ever does not
                    }
                    var split = InTest(reviewed.Story.Id, testShare) ? "test" : "train";
                    test += split == "test" ? 1 : 0;
                    var d = reviewed.Decision;
                    var row = new Dictionary<string, object?>
                    {
                        ["id"] = reviewed.Story.Id,
                        ["title"] = reviewed.Story.Title,
                        ["text"] = reviewed.Story.Text,
                        ["topics"] = d.FinalTopics,
                        ["countries"] = d.FinalCountries,
                        ["primary"] = d.PrimaryCountry,
                        ["split"] = split,
                        ["source"] = "editor",
                        ["editor"] = d.Editor,
                        ["decidedUtc"] = d.DecidedUtc.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                        ["modelVersion"] = d.ModelVersion,
                    };
                    await writer.WriteLineAsync(JsonSerializer.Serialize(row).AsMemory(), cancellationToken);
                    count++;
                }
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
        return new ExportSummary(full, count, test);
    }

    /// <summary>FNV-1a of the UTF-8 id, the same on every machine and run.</summary>
    internal static bool InTest(string id, double share)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(id))
        {
            hash = (hash ^ b) * 16777619u;
        }
        return hash % 1000 < share * 1000;
    }
}
