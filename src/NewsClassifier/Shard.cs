using System.Globalization;
using NewsClassifier.Internal;

namespace NewsClassifier;

/// <summary>One of <see cref="Count"/> shards of a run: the stories whose id hashes (FNV-1a of the UTF-8 id) to <see cref="Index"/>.</summary>
public sealed record Shard
{
    /// <summary>A shard; <paramref name="index"/> counts from 0.</summary>
    public Shard(int index, int count)
    {
        if (count < 1 || index < 0 || index >= count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"a shard is I/N with 0 <= I < N, not {index}/{count}.");
        }
        Index = index;
        Count = count;
    }

    /// <summary>This shard's number, from 0.</summary>
    public int Index { get; }

    /// <summary>How many shards there are.</summary>
    public int Count { get; }

    /// <summary>True when the story with this id belongs to this shard (the same on every machine and run).</summary>
    public bool Includes(string id) => Count == 1 || Of(id, Count) == Index;

    /// <summary>The shard (0 to <paramref name="count"/> - 1) a story id falls in; training uses it for stable cross-validation folds.</summary>
    public static int Of(string id, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return (int)(StableHash.Fnv1a(id) % (uint)count);
    }

    /// <summary>Reads "I/N"; false when the text is not two whole numbers with 0 &lt;= I &lt; N.</summary>
    public static bool TryParse(string text, out Shard? shard)
    {
        shard = null;
        var parts = (text ?? "").Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            && count >= 1 && index < count)
        {
            shard = new Shard(index, count);
            return true;
        }
        return false;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Index}/{Count}";
}
