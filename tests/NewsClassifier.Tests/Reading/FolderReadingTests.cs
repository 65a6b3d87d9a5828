using System.Diagnostics;

namespace NewsClassifier.Tests.Reading;

/// <summary>Folders: every file once, in path order; what cannot be read is an error record, the rest is read (issue #15, cases 12-15).</summary>
public class FolderReadingTests
{
    private const string Story = "Flood in Khatlon\n\nFloods hit villages in Khatlon after heavy rain.";

    [SkippableFact]
    public async Task Should_GiveAnErrorRecord_When_AFolderHoldsAFifo_Issue15Case12()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "FIFOs are made with mkfifo on Linux");
        // Given a folder with a story and a FIFO (opening it would wait forever for a writer)
        using var temp = new TempDir();
        temp.Write("inbox/a.txt", Story);
        var fifo = Path.Combine(temp.Path, "inbox", "b-pipe");
        Process.Start("mkfifo", fifo)!.WaitForExit();
        temp.Write("inbox/c.txt", Story);

        // When read (a hang fails the test by its timeout)
        var read = StoryReaderTests.ReadPaths(Path.Combine(temp.Path, "inbox"));
        var records = await read.WaitAsync(TimeSpan.FromSeconds(30));

        // Then the FIFO is an error record and both stories are read
        Assert.Equal(3, records.Count);
        Assert.Contains("FIFO", records[1].Error);
        Assert.False(records[0].IsError);
        Assert.False(records[2].IsError);
    }

    [SkippableFact]
    public async Task Should_GiveAnErrorRecordForTheSubfolder_When_ItCannotBeRead_Issue15Case13()
    {
        if (OperatingSystem.IsWindows() || Environment.UserName == "root")
        {
            throw new SkipException("needs a Unix user other than root (root reads a folder whatever its permissions); the deep-tree test covers the same per-folder error path");
        }
        using var temp = new TempDir();
        temp.Write("inbox/a.txt", Story);
        temp.Write("inbox/locked/b.txt", Story);
        temp.Write("inbox/z.txt", Story);
        File.SetUnixFileMode(Path.Combine(temp.Path, "inbox", "locked"), UnixFileMode.None);
        try
        {
            var records = await StoryReaderTests.ReadPaths(Path.Combine(temp.Path, "inbox"));

            Assert.Equal(3, records.Count);
            Assert.Contains("cannot read the folder", records[1].Error);
        }
        finally
        {
            File.SetUnixFileMode(Path.Combine(temp.Path, "inbox", "locked"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public async Task Should_ReadTheRest_When_AFolderTreeIsVeryDeep_Issue15Case13()
    {
        // Given a story at the top and a chain of 1,500 nested folders with a story at the bottom
        using var temp = new TempDir();
        temp.Write("inbox/a.txt", Story);
        var deep = Path.Combine(temp.Path, "inbox");
        for (var i = 0; i < 1500; i++)
        {
            deep = Path.Combine(deep, "d");
        }
        Directory.CreateDirectory(deep);
        File.WriteAllText(Path.Combine(deep, "bottom.txt"), Story);

        // When read
        var records = await StoryReaderTests.ReadPaths(Path.Combine(temp.Path, "inbox"));

        // Then the top story is tagged and the tree below the depth limit is one error record
        Assert.Equal(2, records.Count);
        Assert.False(records[0].IsError);
        Assert.Contains($"more than {StoryReaderOptions.DefaultMaxFolderDepth} levels deep", records[1].Error);
    }

    [Fact]
    public async Task Should_ReadEachRealFileOnce_When_LinksMakeALoop_Issue15Case14()
    {
        // Given a folder with a link to itself and a second link to one of its files
        using var temp = new TempDir();
        var inbox = Path.Combine(temp.Path, "inbox");
        temp.Write("inbox/a.txt", Story);
        Directory.CreateSymbolicLink(Path.Combine(inbox, "loop"), inbox);
        File.CreateSymbolicLink(Path.Combine(inbox, "same.txt"), Path.Combine(inbox, "a.txt"));
        var summary = new RunSummary([]);

        // When read
        var records = await StoryReaderTests.ReadPaths(summary, inbox);

        // Then the file is read once and the two links are counted, not followed again
        Assert.Single(records);
        Assert.Equal(2, summary.RepeatedLinks);
    }

    [Fact]
    public async Task Should_CountHiddenFilesAndFolders_InTheSummary_Issue15Case15()
    {
        using var temp = new TempDir();
        temp.Write("inbox/a.txt", Story);
        temp.Write("inbox/.draft.txt", Story);
        temp.Write("inbox/.git/HEAD", "ref");
        var summary = new RunSummary([]);

        var records = await StoryReaderTests.ReadPaths(summary, Path.Combine(temp.Path, "inbox"));

        Assert.Single(records);
        Assert.Equal(2, summary.Hidden);
        Assert.Contains("2 hidden files or folders not read", summary.Describe(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task Should_ReadFilesInTheOrderOfTheirPaths()
    {
        using var temp = new TempDir();
        temp.Write("inbox/b.txt", Story);
        temp.Write("inbox/a/z.txt", Story);
        temp.Write("inbox/a.txt", Story);

        var records = await StoryReaderTests.ReadPaths(Path.Combine(temp.Path, "inbox"));

        var names = records.Select(r => Path.GetRelativePath(Path.Combine(temp.Path, "inbox"), r.Id)).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Equal(3, names.Count);
    }
}
