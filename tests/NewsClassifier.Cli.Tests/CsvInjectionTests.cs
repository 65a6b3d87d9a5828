namespace NewsClassifier.Cli.Tests;

/// <summary>Issue 15, weak spot: CSV cells starting with '=', '+', '-' or '@' were written raw, so a spreadsheet ran them as formulas.</summary>
public class CsvInjectionTests
{
    [Fact]
    public async Task Should_PrefixAQuote_When_ACellWouldStartAFormula()
    {
        // Given stories whose ids and titles a spreadsheet would read as formulas.
        var stdin =
            "{\"id\":\"=HYPERLINK(\\\"http://127.0.0.1/x\\\",\\\"click\\\")\",\"title\":\"+1 for the pipeline\",\"text\":\"Kazakhstan opened a gas pipeline.\"}\n" +
            "{\"id\":\"@SUM(A1)\",\"title\":\"-5 degrees in Astana\",\"text\":\"Astana froze as gas prices rose.\"}\n" +
            "{\"id\":\"plain\",\"title\":\"Gas deal\",\"text\":\"Kazakhstan signed a gas deal.\"}\n";

        // When they are tagged as CSV.
        var run = await CliRunner.Run(["tag", "--model", CliRunner.Models, "-", "--input-format", "jsonl", "--format", "csv"], stdin);

        // Then every such cell starts with a single quote, and ordinary cells are left alone.
        Assert.Equal(0, run.ExitCode);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("\"'=HYPERLINK(\"\"http://127.0.0.1/x\"\",\"\"click\"\")\",'+1 for the pipeline,", lines[1]);
        Assert.StartsWith("'@SUM(A1),'-5 degrees in Astana,", lines[2]);
        Assert.StartsWith("plain,Gas deal,", lines[3]);
        Assert.DoesNotContain(lines.Skip(1), l => l[0] is '=' or '+' or '-' or '@');
    }

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+1", "'+1")]
    [InlineData("-1", "'-1")]
    [InlineData("@x", "'@x")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\rx", "'\rx")]
    [InlineData("a=1", "a=1")]
    [InlineData("", "")]
    public void Should_EscapeOnlyCellsThatStartWithAFormulaCharacter(string cell, string expected)
    {
        Assert.Equal(expected, Output.CsvResultWriter.Cell(cell));
    }
}
