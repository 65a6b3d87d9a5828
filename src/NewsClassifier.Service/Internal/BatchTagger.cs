using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Threading.Channels;

namespace NewsClassifier.Service.Internal;

/// <summary>
/// Streams a JSON Lines batch: lines are read as they arrive, good stories go through <see cref="NewsTagger.TagAsync(IAsyncEnumerable{NewsArticle}, CancellationToken)"/>
/// (ordered, bounded, on the configured threads) and every line gets exactly one record back, in input order.
/// Memory is bounded by the line limit and the channel sizes, not by the batch.
/// </summary>
internal sealed class BatchTagger(NewsTagger tagger, ServiceSettings settings, ServiceMetrics metrics)
{
    private const int FlushEvery = 64;

    /// <summary>Records (non-blank lines) read so far.</summary>
    private int _records;

    /// <summary>One input line: a story to tag, or the error record that stands for it.</summary>
    private sealed record Entry(string Id, string? Error);

    public async Task RunAsync(PipeReader input, PipeWriter output, CancellationToken cancellationToken)
    {
        var capacity = Math.Max(64, tagger.Options.Threads * 16);
        var entries = Channel.CreateBounded<Entry>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true });
        // Stories are written before their entry, so the writer never waits on a story the reader has not sent.
        var stories = Channel.CreateUnbounded<NewsArticle>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        var reading = Task.Run(() => ReadAsync(input, entries.Writer, stories.Writer, stop.Token), stop.Token);
        await using var results = tagger.TagAsync(stories.Reader.ReadAllAsync(stop.Token), stop.Token).GetAsyncEnumerator(stop.Token);
        using var json = new Utf8JsonWriter(output, TaggingEndpoints.JsonOptions);
        var written = 0;
        try
        {
            await foreach (var entry in entries.Reader.ReadAllAsync(stop.Token))
            {
                TagResult result;
                if (entry.Error is { } error)
                {
                    result = TagResult.Failed(entry.Id, error);
                }
                else
                {
                    if (!await results.MoveNextAsync())
                    {
                        throw new InvalidOperationException("The tagger returned fewer results than stories.");
                    }
                    result = results.Current;
                }
                metrics.Count(result, "batch");
                TagResultJson.Write(json, result, tagger.Labels);
                json.Flush();
                json.Reset();
                output.Write("\n"u8);
                written++;
                // Flush in groups, and whenever the reader has nothing more ready, so results stream as they come.
                if (written % FlushEvery == 0 || !entries.Reader.TryPeek(out _))
                {
                    await output.FlushAsync(stop.Token);
                }
            }
            await output.FlushAsync(stop.Token);
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await reading;
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private async Task ReadAsync(PipeReader input, ChannelWriter<Entry> entries, ChannelWriter<NewsArticle> stories, CancellationToken cancellationToken)
    {
        var lineNumber = 0;
        var skipping = false;
        try
        {
            while (true)
            {
                ReadResult read;
                try
                {
                    read = await input.ReadAsync(cancellationToken);
                }
                catch (BadHttpRequestException ex)
                {
                    // Past the batch limit, or too slow: the lines read so far have their records; one more says why it stopped.
                    var why = ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                        ? $"the batch was cut off after line {lineNumber}: it is larger than the limit of {settings.MaxBatchBytes:N0} bytes (Service:MaxBatchBytes)"
                        : $"the batch was cut off after line {lineNumber}: the request body could not be read (too slow or interrupted)";
                    await entries.WriteAsync(new Entry("batch", why), cancellationToken);
                    return;
                }
                var buffer = read.Buffer;
                while (buffer.PositionOf((byte)'\n') is { } newline)
                {
                    var line = buffer.Slice(0, newline);
                    buffer = buffer.Slice(buffer.GetPosition(1, newline));
                    lineNumber++;
                    if (skipping)
                    {
                        // The rest of a line already answered as too long.
                        skipping = false;
                        continue;
                    }
                    await Emit(line, lineNumber, entries, stories, cancellationToken);
                }
                if (!skipping && buffer.Length > settings.MaxStoryBytes)
                {
                    lineNumber++;
                    _records++;
                    await entries.WriteAsync(new Entry($"line {lineNumber}", $"line {lineNumber} is longer than the limit of {settings.MaxStoryBytes:N0} bytes for one story (Service:MaxStoryBytes)"), cancellationToken);
                    skipping = true;
                }
                if (skipping)
                {
                    buffer = buffer.Slice(buffer.End);
                }
                if (read.IsCompleted)
                {
                    if (!skipping && buffer.Length > 0)
                    {
                        await Emit(buffer, ++lineNumber, entries, stories, cancellationToken);
                    }
                    input.AdvanceTo(read.Buffer.End);
                    return;
                }
                input.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        finally
        {
            stories.TryComplete();
            entries.TryComplete();
        }
    }

    private async ValueTask Emit(ReadOnlySequence<byte> line, int lineNumber, ChannelWriter<Entry> entries, ChannelWriter<NewsArticle> stories, CancellationToken cancellationToken)
    {
        if (line.Length > 0 && line.Slice(line.Length - 1).FirstSpan[0] == (byte)'\r')
        {
            line = line.Slice(0, line.Length - 1);
        }
        if (IsBlank(line))
        {
            // Blank lines are not records (the CLI's JSONL rule too).
            return;
        }
        var fallbackId = $"line {lineNumber}";
        if (++_records > settings.MaxBatchStories)
        {
            await entries.WriteAsync(new Entry(fallbackId, $"the batch holds more than {settings.MaxBatchStories:N0} stories (Service:MaxBatchStories); send the rest in another batch"), cancellationToken);
            return;
        }
        var (story, problem) = RequestBody.ParseStory(line.IsSingleSegment ? line.FirstSpan : line.ToArray());
        if (story is null)
        {
            await entries.WriteAsync(new Entry(fallbackId, $"line {lineNumber} is {problem}"), cancellationToken);
            return;
        }
        var id = string.IsNullOrEmpty(story.Id) ? fallbackId : story.Id;
        stories.TryWrite(new NewsArticle(id, story.Text ?? "", story.Title));
        await entries.WriteAsync(new Entry(id, null), cancellationToken);
    }

    private static bool IsBlank(ReadOnlySequence<byte> line)
    {
        foreach (var segment in line)
        {
            foreach (var b in segment.Span)
            {
                if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
                {
                    return false;
                }
            }
        }
        return true;
    }
}
