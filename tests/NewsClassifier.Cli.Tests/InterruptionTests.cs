using System.Text;
using System.Text.Json;

namespace NewsClassifier.Cli.Tests;

/// <summary>Issue #7: an interrupted batch leaves a valid file of whole lines and says how far it got.</summary>
public class InterruptionTests
{
    [Fact]
    public async Task Should_LeaveWholeLinesAndSayHowManyWereWritten_When_CancelledMidBatch()
    {
        // Given a pipe that delivers 100 stories and then stays open, like a producer that stalls.
        using var temp = new TempFolder();
        var lines = Enumerable.Range(0, 100).Select(i => $"{{\"id\":\"s{i}\",\"text\":\"Officials in Osh discussed the water supply for the {i}th time.\"}}\n");
        using var stdin = new StallingStream(Encoding.UTF8.GetBytes(string.Concat(lines)));
        var output = Path.Combine(temp.Path, "out.jsonl");
        var stderr = new StringWriter();
        var context = new CliContext(new MemoryStream(), stderr, () => stdin, false, false);
        using var cancel = new CancellationTokenSource();

        // When Ctrl+C arrives after the 100 stories have had ample time to be tagged.
        var run = CliApp.RunAsync(["tag", "--model", CliRunner.Models, "-", "--input-format", "jsonl", "--output", output, "--quiet"], context, cancel.Token);
        await stdin.Drained.Task;
        await Task.Delay(TimeSpan.FromSeconds(5));
        await cancel.CancelAsync();
        var code = await run;

        // Then the file holds the 100 whole lines in order, and no temporary file is left.
        Assert.Equal(130, code);
        var written = File.ReadAllLines(output);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"s{i}"), written.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()));
        Assert.Contains($"interrupted: 100 stories written to {output}", stderr.ToString());
        Assert.Equal(["out.jsonl"], Directory.GetFiles(temp.Path).Select(Path.GetFileName));
    }

    /// <summary>Serves its bytes, then blocks until disposed, as a pipe whose writer has stalled.</summary>
    private sealed class StallingStream(byte[] data) : Stream
    {
        private readonly ManualResetEventSlim _closed = new();
        private int _position;

        public TaskCompletionSource Drained { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position < data.Length)
            {
                var n = Math.Min(count, data.Length - _position);
                Array.Copy(data, _position, buffer, offset, n);
                _position += n;
                return n;
            }
            Drained.TrySetResult();
            _closed.Wait(TimeSpan.FromSeconds(30));
            return 0;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            _closed.Set();
            base.Dispose(disposing);
        }
    }

    [Fact]
    public async Task Should_ReportTheCutLine_When_StdinEndsMidRecord()
    {
        var stdin = "{\"id\":\"a\",\"text\":\"Gas prices rose in Bishkek.\"}\n{\"id\":\"b\",\"text\":\"The river flooded";

        var run = await CliRunner.Run(["tag", "--model", CliRunner.Models, "-", "--input-format", "jsonl"], stdin);

        Assert.Equal(65, run.ExitCode);
        var records = run.JsonLines();
        Assert.Equal(2, records.Count);
        Assert.Equal("stdin:2", records[1].GetProperty("id").GetString());
        Assert.Contains("not valid JSON", records[1].GetProperty("error").GetString());
    }
}
