namespace NewsClassifier.Cli.Tests;

/// <summary>Issue 15, case 25: stories the models cannot read are flagged, counted, and refused when asked.</summary>
public class LanguageWarningTests
{
    private const string Batch =
        "{\"id\":\"en\",\"title\":\"Gas deal\",\"text\":\"Kazakhstan signed a gas deal with China on Monday, officials said.\"}\n" +
        "{\"id\":\"ru\",\"text\":\"Правительство объявило о новом проекте строительства дороги между двумя городами.\"}\n" +
        "{\"id\":\"kk\",\"text\":\"Үкімет екі қаланың арасында жаңа жол салу жобасын жариялады.\"}\n";

    [Fact]
    public async Task Should_WarnOnEachNonEnglishRecordAndCountThem_When_TaggingABatch()
    {
        // Given a batch with one English, one Russian and one Kazakh story; When it is tagged.
        var run = await CliRunner.Run(["tag", "--model", CliRunner.Models, "-", "--input-format", "jsonl"], Batch);

        // Then every record is tagged, the two non-English ones carry the warning, and the summary counts them.
        Assert.Equal(0, run.ExitCode);
        var records = run.JsonLines();
        Assert.False(records[0].TryGetProperty("warnings", out _));
        Assert.Equal("language: ru (not supported; tags are unreliable)", records[1].GetProperty("warnings")[0].GetString());
        Assert.Equal("language: kk (not supported; tags are unreliable)", records[2].GetProperty("warnings")[0].GetString());
        Assert.Contains("2 stories with a warning", run.Stderr);
    }

    [Fact]
    public async Task Should_WriteErrorRecords_When_UnsupportedLanguagesAreSkipped()
    {
        var run = await CliRunner.Run(["tag", "--model", CliRunner.Models, "-", "--input-format", "jsonl", "--skip-unsupported-language"], Batch);

        Assert.Equal(65, run.ExitCode);
        var records = run.JsonLines();
        Assert.Equal(3, records.Count);
        Assert.True(records[0].TryGetProperty("topics", out _));
        Assert.StartsWith("language: ru (Russian, not supported", records[1].GetProperty("error").GetString());
        Assert.StartsWith("language: kk (Kazakh, not supported", records[2].GetProperty("error").GetString());
    }
}
