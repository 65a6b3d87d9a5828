using System.Diagnostics;
using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace NewsClassifier.Tests.Reading;

/// <summary>
/// Issue #15: random bytes and random JSON Lines / CSV fed to the readers for a bounded time. No exception may
/// escape, and every record in gives exactly one record out.
/// </summary>
public class ReaderFuzzTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(5);

    private static readonly string[] Pieces =
    [
        "{", "}", "[", "]", "\"", ":", ",", "\\", "\\u", "\\ud800", "\\udc00", "id", "text", "title", "\"id\":", "\"text\":", "null", "42", "true",
        "\r", "\t", " ", "é", "\u2028", "😀", "\0", "\"\"", "x", "Almaty",
    ];

    private static Gen<string> Line => Gen.ArrayOf(Gen.Elements(Pieces)).Select(parts => string.Concat(parts).Replace("\n", ""));

    /// <summary>A JSON Lines line that is certainly one record: an object with an id and a text built from random pieces.</summary>
    private static Gen<string> ObjectLine => Line.Select(t => $"{{\"id\":\"{Guid.NewGuid():N}\",\"text\":\"{t.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\r", "").Replace("\0", "")}\"}}");

    [Fact]
    public void Should_NeverThrow_AndGiveOneRecordPerLine_ForRandomJsonLines()
    {
        var clock = Stopwatch.StartNew();
        var runs = 0;
        // Any non-blank line is one record: a story or an error, never two, never none.
        var property = Prop.ForAll(Gen.ListOf(Gen.OneOf(Line, ObjectLine)).ToArbitrary(), lines =>
        {
            if (clock.Elapsed > Budget)
            {
                return true;
            }
            runs++;
            var text = string.Join("\n", lines);
            var expected = lines.Count(l => l.Any(c => c is not (' ' or '\t' or '\r')));
            var records = StoryReaderTests.Read(Encoding.UTF8.GetBytes(text), "f.jsonl", new StoryReaderOptions { Format = StoryFormat.Jsonl }).GetAwaiter().GetResult();
            Assert.True(records.Count == expected, $"{records.Count} records for {expected} lines: {System.Text.Json.JsonSerializer.Serialize(lines)} => {string.Join(" | ", records.Select(r => r.Source + " " + r.Error))}");
            return true;
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000), property);
        Assert.True(runs > 10, $"only {runs} cases ran in the budget");
    }

    [Fact]
    public void Should_NeverThrow_ForRandomBytes_InAnyFormat()
    {
        var clock = Stopwatch.StartNew();
        var property = Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), Gen.Elements(Enum.GetValues<StoryFormat>()).ToArbitrary(), (bytes, format) =>
        {
            if (clock.Elapsed > Budget)
            {
                return true;
            }
            var records = StoryReaderTests.Read(bytes, "f", new StoryReaderOptions { Format = format }).GetAwaiter().GetResult();
            // Text and page give at least one record (a story or why not); the others never invent records from nothing.
            return format is StoryFormat.Text or StoryFormat.Page ? records.Count >= 1 : records.All(r => r.Source.StartsWith('f'));
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(3000), property);
    }

    [Fact]
    public void Should_GiveOneRecordPerRow_ForRandomCsv()
    {
        var clock = Stopwatch.StartNew();
        var cell = Gen.Elements("plain", "with, comma", "with \"\"quote\"\"", "two\nlines", "é", "", "x;y").Select(v => v.Contains('\n') || v.Contains(',') || v.Contains('"') ? $"\"{v}\"" : v);
        var row = Gen.ListOf(cell, 3).Select(cells => string.Join(",", cells));
        var property = Prop.ForAll(Gen.ListOf(row).ToArbitrary(), rows =>
        {
            if (clock.Elapsed > Budget)
            {
                return true;
            }
            var csv = "id,title,text\n" + string.Join("\n", rows) + "\n";
            var records = StoryReaderTests.Read(Encoding.UTF8.GetBytes(csv), "f.csv", new StoryReaderOptions { Format = StoryFormat.Csv, RefuseDuplicateIds = false }).GetAwaiter().GetResult();
            return records.Count == rows.Count && records.All(r => !r.IsError);
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000), property);
    }
}
