using System.Text;

namespace NewsClassifier.Tests.Reading;

/// <summary>The library's story readers: one record per input record, bad ones named with where and why (issues #11 and #15).</summary>
public class StoryReaderTests
{
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    internal static async Task<List<StoryRecord>> Read(byte[] bytes, string name, StoryReaderOptions? options = null)
    {
        var records = new List<StoryRecord>();
        await foreach (var record in StoryReader.ReadAsync(new MemoryStream(bytes), name, options))
        {
            records.Add(record);
        }
        return records;
    }

    internal static Task<List<StoryRecord>> Read(string text, string name, StoryFormat format) =>
        Read(Encoding.UTF8.GetBytes(text), name, new StoryReaderOptions { Format = format });

    internal static async Task<List<StoryRecord>> ReadPaths(params string[] paths) => await ReadPaths(null, paths);

    internal static async Task<List<StoryRecord>> ReadPaths(RunSummary? summary, params string[] paths)
    {
        var records = new List<StoryRecord>();
        await foreach (var record in StoryReader.ReadAsync(paths, summary: summary))
        {
            records.Add(record);
        }
        return records;
    }

    [Fact]
    public async Task Should_ReadEveryJsonlLine_AndNameTheBadOnesByLine()
    {
        // Given three lines, the middle one cut off
        var jsonl = "{\"id\":\"a\",\"text\":\"Gas output rose at Tengiz.\"}\n{\"id\":\"b\",\"text\":\n{\"id\":\"c\",\"title\":\"Dam\",\"text\":\"Rogun filled.\"}\n";

        // When read
        var records = await Read(jsonl, "in.jsonl", StoryFormat.Jsonl);

        // Then one record per line, the bad one named by its line
        Assert.Equal(["a", "in.jsonl:2", "c"], records.Select(r => r.Id));
        Assert.Contains("not valid JSON", records[1].Error);
        Assert.Equal("in.jsonl:2", records[1].Source);
        Assert.Equal("Dam", records[2].Article!.Title);
    }

    [Fact]
    public async Task Should_GiveAnErrorRecordForTheLine_When_AJsonStringHoldsALoneSurrogate_Issue15Case1()
    {
        // Given a line whose text is an escaped high surrogate without its pair
        var jsonl = "{\"id\":\"1\",\"text\":\"Fine story about Almaty.\"}\n{\"id\":\"2\",\"text\":\"x \\ud800\"}\n{\"id\":\"3\",\"text\":\"Another fine story.\"}\n";

        // When read
        var records = await Read(jsonl, "s.jsonl", StoryFormat.Jsonl);

        // Then that line is an error record and the others are stories
        Assert.Equal(3, records.Count);
        Assert.False(records[0].IsError);
        Assert.Contains("lone surrogate", records[1].Error);
        Assert.Equal("s.jsonl:2", records[1].Source);
        Assert.False(records[2].IsError);
    }

    [Fact]
    public async Task Should_NameTheByteOffset_When_AJsonlLineHoldsLatin1Bytes_Issue15Case2()
    {
        // Given a JSONL line with a Latin-1 'é' (0xE9) inside a string
        var bytes = Encoding.UTF8.GetBytes("{\"id\":\"1\",\"text\":\"ok\"}\n").Concat(Encoding.Latin1.GetBytes("{\"id\":\"2\",\"text\":\"Caf\u00E9\"}\n")).ToArray();

        // When read
        var records = await Read(bytes, "l.jsonl", new StoryReaderOptions { Format = StoryFormat.Jsonl });

        // Then line 2 is an error naming the byte and its offset
        Assert.Equal(2, records.Count);
        Assert.Contains("not valid UTF-8", records[1].Error);
        Assert.Contains("0xE9 at byte offset 21", records[1].Error);
    }

    [Theory]
    [InlineData(StoryFormat.Jsonl)]
    [InlineData(StoryFormat.Auto)]
    public async Task Should_SkipAUtf8ByteOrderMark_InAFileAndOnStandardInput_Issue15Case3(StoryFormat format)
    {
        // Given JSONL with a UTF-8 byte-order mark (Auto is how standard input is read)
        var bytes = Utf8Bom.Concat(Encoding.UTF8.GetBytes("{\"id\":\"1\",\"text\":\"Tokayev signed the law.\"}\n{\"id\":\"2\",\"text\":\"Astana court jails official.\"}\n")).ToArray();

        // When read
        var records = await Read(bytes, "stdin", new StoryReaderOptions { Format = format });

        // Then both lines are stories
        Assert.Equal(["1", "2"], records.Select(r => r.Id));
        Assert.All(records, r => Assert.False(r.IsError));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Should_ReadUtf16Jsonl_WithAByteOrderMark_Issue15Case4(bool bigEndian)
    {
        // Given three JSONL records in UTF-16 with a mark
        var encoding = new UnicodeEncoding(bigEndian, byteOrderMark: true);
        var text = "{\"id\":\"1\",\"text\":\"Gas to China.\"}\r\n{\"id\":\"2\",\"text\":\"Floods in Osh.\"}\r\n{\"id\":\"3\",\"text\":\"Court in Bishkek.\"}\r\n";
        var bytes = encoding.GetPreamble().Concat(encoding.GetBytes(text)).ToArray();

        // When read as a .jsonl file would be
        var records = await Read(bytes, "u16.jsonl", new StoryReaderOptions { Format = StoryFormat.Jsonl });

        // Then three stories, no errors
        Assert.Equal(["1", "2", "3"], records.Select(r => r.Id));
        Assert.Equal("Floods in Osh.", records[1].Article!.Text);
    }

    [Fact]
    public async Task Should_GiveAnErrorRecordNamingTheRow_When_ACsvRowHoldsInvalidUtf8_Issue15Case5()
    {
        // Given a CSV whose second row carries a Latin-1 byte
        var bytes = Encoding.UTF8.GetBytes("id,text\n1,Fine row\n").Concat(Encoding.Latin1.GetBytes("2,Caf\u00E9 row\n")).Concat(Encoding.UTF8.GetBytes("3,Also fine\n")).ToArray();

        // When read
        var records = await Read(bytes, "b.csv", new StoryReaderOptions { Format = StoryFormat.Csv });

        // Then row 2 (line 3) is an error and not silently decoded to U+FFFD
        Assert.Equal(3, records.Count);
        Assert.Equal("b.csv:3", records[1].Source);
        Assert.Contains("not valid UTF-8", records[1].Error);
        Assert.Equal("Also fine", records[2].Article!.Text);
    }

    [Fact]
    public async Task Should_ReportTheRowAndReadOn_When_ACsvQuoteIsNeverClosed_Issue15Case24()
    {
        // Given a row whose quoted text never closes, and good rows after it
        var csv = "id,text\n1,\"fine\"\n2,\"never closed\n3,\"third row\"\n4,fourth row\n";

        // When read
        var records = await Read(csv, "q.csv", StoryFormat.Csv);

        // Then the bad row is an error record and the rows after it are read
        Assert.Equal(4, records.Count);
        Assert.Equal("1", records[0].Id);
        Assert.Equal("q.csv:3", records[1].Source);
        Assert.Contains("never closed", records[1].Error);
        Assert.Equal(["3", "4"], records.Skip(2).Select(r => r.Id));
        Assert.Equal("third row", records[2].Article!.Text);
    }

    [Fact]
    public async Task Should_KeepQuotedLineBreaksAndDoubledQuotes_InCsv()
    {
        var csv = "id,title,text\n\"a,1\",\"Quote \"\"here\"\"\",\"Line one\nline two\"\nb,Second,Plain\n";

        var records = await Read(csv, "ok.csv", StoryFormat.Csv);

        Assert.Equal(["a,1", "b"], records.Select(r => r.Id));
        Assert.Equal("Quote \"here\"", records[0].Article!.Title);
        Assert.Equal("Line one\nline two", records[0].Article!.Text);
    }

    [Fact]
    public async Task Should_ReadJsonLinesInADotJsonFile_ByContent()
    {
        // Given a .json file that holds JSON Lines (issue #11: it used to become one text story)
        using var temp = new TempDir();
        var path = temp.Write("batch.json", "{\"id\":\"1\",\"text\":\"One.\"}\n{\"id\":\"2\",\"text\":\"Two.\"}\n");

        // When read with the format decided per file
        var records = await ReadPaths(path);

        // Then two stories
        Assert.Equal(["1", "2"], records.Select(r => r.Id));
    }

    [Fact]
    public async Task Should_ReadAJsonArray_ItemByItem()
    {
        using var temp = new TempDir();
        var path = temp.Write("batch.json", "[\n  {\"id\":\"1\",\"text\":\"One.\"},\n  {\"id\":\"2\"},\n  {\"id\":\"3\",\"text\":\"Three.\"}\n]\n");

        var records = await ReadPaths(path);

        Assert.Equal(["1", "2", "3"], records.Select(r => r.Id));
        Assert.Contains("\"text\" field is missing", records[1].Error);
        Assert.Equal(path + "[1]", records[1].Source);
    }

    [Fact]
    public async Task Should_ReadOneObjectSpreadOverLines_InADotJsonFile()
    {
        using var temp = new TempDir();
        var path = temp.Write("one.json", "{\n  \"id\": \"x\",\n  \"text\": \"Spread over lines.\"\n}\n");

        var records = await ReadPaths(path);

        Assert.Equal("x", Assert.Single(records).Id);
    }

    [Fact]
    public async Task Should_FlagADuplicateId_AcrossFiles()
    {
        // Given two files that both hold id "7" (the old check was per file)
        using var temp = new TempDir();
        var a = temp.Write("a.jsonl", "{\"id\":\"7\",\"text\":\"First.\"}\n");
        var b = temp.Write("b.jsonl", "{\"id\":\"7\",\"text\":\"Second.\"}\n");

        var records = await ReadPaths(a, b);

        Assert.Equal(2, records.Count);
        Assert.False(records[0].IsError);
        Assert.Contains("duplicate id '7'", records[1].Error);
    }

    [Fact]
    public async Task Should_ApplyTheHeadlineRule_AndMapPageStories()
    {
        var text = await Read("\n  Dam on the Vakhsh \n\nRogun started its third turbine.\n", "s.txt", StoryFormat.Text);
        Assert.Equal("Dam on the Vakhsh", text.Single().Article!.Title);
        Assert.Equal("Rogun started its third turbine.", text.Single().Article!.Text);

        var page = await Read(File.ReadAllText(TestPaths.TestData("pages", "author-page.txt")), "p.txt", StoryFormat.Page);
        Assert.True(page.Count >= 2);
        Assert.Equal("p.txt#1", page[0].Id);
        Assert.True(page[0].ReturnsText);
        Assert.Contains(page, r => r.Article!.Truncated);
    }

    [Fact]
    public async Task Should_ThrowNamingTheRecord_When_ThePolicyIsThrow()
    {
        var seen = new List<StoryRecord>();
        var options = new StoryReaderOptions { Format = StoryFormat.Jsonl, BadRecords = BadRecordPolicy.Throw, BadRecordFound = seen.Add };

        var ex = await Assert.ThrowsAsync<BadRecordException>(() => Read(Encoding.UTF8.GetBytes("{\"id\":\"1\",\"text\":\"ok\"}\nnot json\n"), "t.jsonl", options));

        Assert.Equal("t.jsonl:2", ex.Record.Source);
        Assert.Single(seen);
    }

    [Fact]
    public async Task Should_LeaveBadRecordsOut_When_ThePolicyIsSkip()
    {
        var found = 0;
        var options = new StoryReaderOptions { Format = StoryFormat.Jsonl, BadRecords = BadRecordPolicy.Skip, BadRecordFound = _ => found++ };

        var records = await Read(Encoding.UTF8.GetBytes("{\"id\":\"1\",\"text\":\"ok\"}\nnot json\n{\"id\":\"3\",\"text\":\"ok\"}\n"), "t.jsonl", options);

        Assert.Equal(["1", "3"], records.Select(r => r.Id));
        Assert.Equal(1, found);
    }

    [Fact]
    public async Task Should_RefuseALineAboveTheSizeLimit_AndReadTheNext()
    {
        var options = new StoryReaderOptions { Format = StoryFormat.Jsonl, MaxRecordBytes = 100 };
        var jsonl = "{\"id\":\"1\",\"text\":\"" + new string('x', 500) + "\"}\n{\"id\":\"2\",\"text\":\"short\"}\n";

        var records = await Read(Encoding.UTF8.GetBytes(jsonl), "big.jsonl", options);

        Assert.Equal(2, records.Count);
        Assert.Contains("more than the limit of 100", records[0].Error);
        Assert.Equal("2", records[1].Id);
    }
}

/// <summary>A temporary folder removed when disposed.</summary>
internal sealed class TempDir : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "nc-read-" + Guid.NewGuid().ToString("N"));

    public TempDir() => Directory.CreateDirectory(Path);

    public string Write(string name, string contents)
    {
        var path = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, contents);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
