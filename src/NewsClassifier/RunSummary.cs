using System.Globalization;

namespace NewsClassifier;

/// <summary>
/// The counts of one tagging run, each kept by its own counter: records read (by the reader side), results
/// written (by whoever writes them), failures, and items left out. A lost record shows as read &gt; written.
/// Safe to update from several threads.
/// </summary>
public sealed class RunSummary
{
    private readonly object _topicsLock = new();
    private readonly Dictionary<string, int> _perTopic = new(StringComparer.Ordinal);
    private readonly List<string> _labels;
    private long _read;
    private long _written;
    private long _failed;
    private long _otherShards;
    private long _hidden;
    private long _repeatedLinks;
    private long _warned;

    /// <summary>A summary counting the topics of <paramref name="labels"/>, in that order.</summary>
    public RunSummary(IEnumerable<string> labels)
    {
        _labels = labels.ToList();
        foreach (var label in _labels)
        {
            _perTopic[label] = 0;
        }
    }

    /// <summary>Records read from the sources (stories and error records), counted as the reader yields them.</summary>
    public long Read => Interlocked.Read(ref _read);

    /// <summary>Results written out, counted by the writer after each write.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Written results that are errors.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Records read but left to another shard.</summary>
    public long OtherShards => Interlocked.Read(ref _otherShards);

    /// <summary>Hidden files and folders (names starting with '.') not read inside folders.</summary>
    public long Hidden => Interlocked.Read(ref _hidden);

    /// <summary>Links inside folders that lead to a file or folder already read.</summary>
    public long RepeatedLinks => Interlocked.Read(ref _repeatedLinks);

    /// <summary>Written results that carry a warning (a language the models do not support).</summary>
    public long Warned => Interlocked.Read(ref _warned);

    /// <summary>Records read that were neither written nor left to another shard: zero unless something lost them.</summary>
    public long Lost => Read - OtherShards - Written;

    /// <summary>How many written results carry each topic, in label order.</summary>
    public IReadOnlyList<(string Label, int Count)> Topics
    {
        get
        {
            lock (_topicsLock)
            {
                return _labels.Select(l => (l, _perTopic[l])).ToList();
            }
        }
    }

    /// <summary>Counts one record read.</summary>
    public void CountRead() => Interlocked.Increment(ref _read);

    /// <summary>Counts one record left to another shard.</summary>
    public void CountOtherShard() => Interlocked.Increment(ref _otherShards);

    /// <summary>Counts one hidden file or folder not read.</summary>
    public void CountHidden() => Interlocked.Increment(ref _hidden);

    /// <summary>Counts one link to something already read.</summary>
    public void CountRepeatedLink() => Interlocked.Increment(ref _repeatedLinks);

    /// <summary>Counts one result written, its failure and its topics.</summary>
    public void CountWritten(TagResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Interlocked.Increment(ref _written);
        if (!result.Succeeded)
        {
            Interlocked.Increment(ref _failed);
            return;
        }
        if (result.Warnings.Count > 0)
        {
            Interlocked.Increment(ref _warned);
        }
        lock (_topicsLock)
        {
            foreach (var topic in result.Topics)
            {
                if (_perTopic.TryGetValue(topic.Label, out var n))
                {
                    _perTopic[topic.Label] = n + 1;
                }
            }
        }
    }

    /// <summary>One line: "3 stories in, 3 records out, 1 failed; topics: ...; 0.12 s, 25 stories/s", plus what was left out.</summary>
    public string Describe(TimeSpan elapsed)
    {
        var seconds = Math.Max(elapsed.TotalSeconds, 1e-3);
        var topics = string.Join(", ", Topics.Take(12).Select(t => $"{t.Label} {t.Count}"));
        var more = _labels.Count > 12 ? $" and {_labels.Count - 12} more" : "";
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{Plural(Read, "story", "stories")} in, {Plural(Written, "record", "records")} out, {Failed} failed; topics: {topics}{more}; {elapsed.TotalSeconds:0.00} s, {Written / seconds:0} stories/s");
        var notes = new List<string>();
        if (Warned > 0)
        {
            notes.Add($"{Plural(Warned, "story", "stories")} with a warning (a language the models do not support; see \"warnings\")");
        }
        if (OtherShards > 0)
        {
            notes.Add($"{Plural(OtherShards, "story", "stories")} left to other shards");
        }
        if (Hidden > 0)
        {
            notes.Add($"{Plural(Hidden, "hidden file or folder", "hidden files or folders")} not read");
        }
        if (RepeatedLinks > 0)
        {
            notes.Add($"{Plural(RepeatedLinks, "link", "links")} to something already read not followed");
        }
        return notes.Count == 0 ? line : $"{line}; {string.Join("; ", notes)}";
    }

    /// <summary>"1 story", "2 stories".</summary>
    public static string Plural(long count, string one, string many) =>
        string.Create(CultureInfo.InvariantCulture, $"{count:N0} {(count == 1 ? one : many)}");
}
