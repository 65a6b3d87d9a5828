using System.Diagnostics;
using System.Text;

namespace NewsClassifier.Cli.Tests;

/// <summary>Issue 15, cases 7, 8, 9, 10 and 19, and the leftover temporary files: where output cannot go, and what happens when it stops.</summary>
public class OutputTests
{
    private static string Story(TempFolder temp) => temp.File("story.txt", "Gas deal signed\nKazakhstan signed a gas deal with China on Monday, officials said.");

    [Fact]
    public async Task Should_Exit73BeforeTagging_When_OutputNamesAFolder()
    {
        // Issue 15, case 7: tag used to tag everything, then crash at the rename.
        using var temp = new TempFolder();
        var folder = Path.Combine(temp.Path, "out");
        Directory.CreateDirectory(folder);

        var run = await CliRunner.Tag(Story(temp), "--output", folder);

        Assert.Equal(73, run.ExitCode);
        Assert.Contains("it is a folder", run.Stderr);
        Assert.DoesNotContain("stories in", run.Stderr); // nothing was tagged
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    [SkippableFact]
    public async Task Should_RefuseADeviceNode_When_OutputNamesOne()
    {
        // Issue 15, case 9: --output /dev/null replaced the device with a regular file (as root).
        Skip.IfNot(File.Exists("/dev/null"), "no /dev/null here");
        using var temp = new TempFolder();

        var run = await CliRunner.Tag(Story(temp), "--output", "/dev/null");

        Assert.Equal(73, run.ExitCode);
        Assert.Contains("not a regular file", run.Stderr);
        Assert.Contains("> /dev/null", run.Stderr);
    }

    [SkippableFact]
    public async Task Should_RefuseAFifo_When_OutputNamesOne()
    {
        Skip.IfNot(File.Exists("/usr/bin/mkfifo") || File.Exists("/bin/mkfifo"), "mkfifo is not installed");
        using var temp = new TempFolder();
        var fifo = Path.Combine(temp.Path, "pipe");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            mkfifo.WaitForExit();
        }

        var run = await CliRunner.Tag(Story(temp), "--output", fifo);

        Assert.Equal(73, run.ExitCode);
        Assert.Contains("not a regular file", run.Stderr);
    }

    [Fact]
    public async Task Should_KeepTheLinkAndItsTarget_When_OutputNamesASymbolicLink()
    {
        // Issue 15, case 9: the link was replaced by a regular file. Decision: refuse, and say to name the target.
        using var temp = new TempFolder();
        var target = temp.File("target.jsonl", "earlier results\n");
        var link = Path.Combine(temp.Path, "link.jsonl");
        File.CreateSymbolicLink(link, target);

        var run = await CliRunner.Tag(Story(temp), "--output", link);

        Assert.Equal(73, run.ExitCode);
        Assert.Contains("symbolic link", run.Stderr);
        Assert.Equal(target, new FileInfo(link).LinkTarget);
        Assert.Equal("earlier results\n", File.ReadAllText(target));
    }

    [Fact]
    public async Task Should_Exit73WithNoSpaceLeft_When_StdoutIsFull()
    {
        // Issue 15, case 8: '>/dev/full' exited 130 "interrupted". Simulated here with a stream that is full after 100 bytes.
        using var temp = new TempFolder();
        var stderr = new StringWriter();
        var context = new CliContext(new FullStream(100), stderr, () => new MemoryStream(), false, false);

        var code = await CliApp.RunAsync(["tag", "--model", CliRunner.Models, Story(temp)], context, CancellationToken.None);

        Assert.Equal(73, code);
        Assert.Contains("no space left on device", stderr.ToString());
        Assert.DoesNotContain("interrupted", stderr.ToString());
    }

    [SkippableFact]
    public async Task Should_Exit73AndLeaveNothing_When_TheOutputDiskFillsUp()
    {
        // Issue 15, case 8: on a full disk the run crashed and left half a temporary file. Needs root to mount a 64 KB tmpfs.
        using var temp = new TempFolder();
        var disk = Path.Combine(temp.Path, "disk");
        Directory.CreateDirectory(disk);
        Skip.IfNot(OperatingSystem.IsLinux() && Run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", disk), "cannot mount a tmpfs here (not root?)");
        try
        {
            var stories = temp.File("many.jsonl", string.Concat(Enumerable.Range(0, 2000).Select(i =>
                $"{{\"id\":\"s{i}\",\"title\":\"Gas deal {i}\",\"text\":\"Kazakhstan signed gas deal number {i} with China on Monday, officials in Astana said.\"}}\n")));
            var output = Path.Combine(disk, "out.jsonl");

            var run = await CliRunner.Tag(stories, "--output", output, "--quiet");

            Assert.Equal(73, run.ExitCode);
            Assert.Contains("no space left on device", run.Stderr);
            Assert.Empty(Directory.GetFileSystemEntries(disk)); // no temporary file, no half output
        }
        finally
        {
            // Lazily when busy: a run that crashed may still hold its temporary file open.
            _ = Run("umount", disk) || Run("umount", "-l", disk);
        }
    }

    [SkippableFact]
    public async Task Should_Exit73_When_StdoutIsDevFull()
    {
        // Issue 15, case 8, as a user would see it: 'newsclf tag ... > /dev/full'.
        Skip.IfNot(ChildProcess.CanRun && File.Exists("/dev/full"), "needs Linux, /dev/full and the built newsclf executable");
        using var temp = new TempFolder();
        using var newsclf = ChildProcess.Start(["tag", Story(temp)], shellStdout: "> /dev/full");
        newsclf.Stdin.Close();

        var (code, _, stderr) = await newsclf.WaitForExit(TimeSpan.FromSeconds(60));

        Assert.Equal(73, code);
        Assert.Contains("no space left on device", stderr);
    }

    [SkippableFact]
    public async Task Should_StopAndSayHowFarItGot_When_TheReaderClosesThePipe()
    {
        // Issue 15, case 10: '| head -1' on many stories tagged them all and exited 0.
        Skip.IfNot(ChildProcess.CanRun, "needs Linux and the built newsclf executable");
        using var temp = new TempFolder();
        var stories = temp.File("many.jsonl", string.Concat(Enumerable.Range(0, 20000).Select(i =>
            $"{{\"id\":\"s{i}\",\"text\":\"Kazakhstan signed gas deal number {i} with China on Monday, officials in Astana said.\"}}\n")));
        using var newsclf = ChildProcess.Start(["tag", stories, "--quiet"], shellStdout: "| head -1 > /dev/null");
        newsclf.Stdin.Close();

        var (code, _, stderr) = await newsclf.WaitForExit(TimeSpan.FromSeconds(120));

        // Then it stops early with the SIGPIPE status (under pipefail) and says how many stories went out.
        Assert.Equal(141, code);
        Assert.Matches(@"the reader closed standard output after \d+ stor", stderr);
        var written = int.Parse(System.Text.RegularExpressions.Regex.Match(stderr, @"(\d+) records? out").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(written, 1, 1000);
    }

    [Fact]
    public async Task Should_Exit73BeforeTraining_When_OutNamesAFile()
    {
        // Issue 15, case 19, through the command line.
        using var temp = new TempFolder();
        var data = temp.File("data.jsonl", "{\"id\":\"1\",\"text\":\"x\",\"topics\":[\"law\"]}\n");
        var file = temp.File("model", "a file");

        var run = await CliRunner.Run(["train", "--data", data, "--out", file]);

        Assert.Equal(73, run.ExitCode);
        Assert.Contains("a file of that name is in the way", run.Stderr);
        Assert.DoesNotContain("Read ", run.Stderr);
    }

    [Fact]
    public async Task Should_Exit73BeforeEvaluating_When_ReportNamesAFile()
    {
        // Issue 15, case 19: evaluate --report onto a file tagged everything, then crashed.
        using var temp = new TempFolder();
        var data = temp.File("data.jsonl", "{\"id\":\"1\",\"text\":\"Gas prices rose.\",\"topics\":[\"energy\"],\"split\":\"test\"}\n");
        var file = temp.File("report", "a file");

        var run = await CliRunner.Run(["evaluate", "--data", data, "--model", CliRunner.Models, "--report", file]);

        Assert.Equal(73, run.ExitCode);
        Assert.Contains("a file of that name is in the way", run.Stderr);
        Assert.Equal("a file", File.ReadAllText(file));
    }

    [Fact]
    public async Task Should_RemoveStaleTemporaryFiles_When_TheNextRunWritesTheSamePath()
    {
        // Weak spot: hidden .tmp files left by a killed run were never cleaned. Given one left by a process that is gone.
        using var temp = new TempFolder();
        var output = Path.Combine(temp.Path, "out.jsonl");
        var dead = temp.File($".out.jsonl.newsclf-{DeadProcessId()}-0123456789abcdef.tmp", "half a line");
        var unrelated = temp.File(".out.jsonl.keep", "not ours");

        // When the next run writes to the same path.
        var run = await CliRunner.Tag(Story(temp), "--output", output);

        // Then the leftover is gone, the output is in place, and files that are not ours are untouched.
        Assert.Equal(0, run.ExitCode);
        Assert.False(File.Exists(dead));
        Assert.True(File.Exists(unrelated));
        Assert.Equal([".out.jsonl.keep", "out.jsonl", "story.txt"], Directory.GetFiles(temp.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    /// <summary>A process id no process has now: a child that has exited.</summary>
    private static int DeadProcessId()
    {
        using var child = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        child.WaitForExit();
        return child.Id;
    }

    private static bool Run(string command, params string[] args)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(command, args) { RedirectStandardError = true, UseShellExecute = false })!;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    /// <summary>A stream whose device is full after <paramref name="capacity"/> bytes, as ENOSPC reports it.</summary>
    private sealed class FullStream(int capacity) : MemoryStream
    {
        public override void Write(byte[] buffer, int offset, int count)
        {
            if (Length + count > capacity)
            {
                throw new IOException("No space left on device", 28);
            }
            base.Write(buffer, offset, count);
        }

        public override void Write(ReadOnlySpan<byte> buffer) => Write(buffer.ToArray(), 0, buffer.Length);

        public override void WriteByte(byte value) => Write([value], 0, 1);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer, offset, count);
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }
    }
}
