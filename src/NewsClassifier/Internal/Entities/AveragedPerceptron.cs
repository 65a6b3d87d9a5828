using System.IO.Compression;

namespace NewsClassifier.Internal.Entities;

/// <summary>
/// A multi-class averaged perceptron over hashed features (Collins 2002; the design behind spaCy v1's and
/// Catalyst's taggers). Weights are kept per feature as one row of class scores; training averages every
/// weight over all updates, which makes the plain perceptron generalise like a large-margin model.
/// </summary>
internal sealed class AveragedPerceptron
{
    private const int FileVersion = 1;
    private static readonly byte[] Magic = "NCAP"u8.ToArray();

    private readonly Dictionary<ulong, int> _rows;
    private float[] _weights;

    // Training state: running totals and the step at which each weight last changed (lazy averaging).
    private float[]? _totals;
    private int[]? _stamps;
    private int _step;

    public AveragedPerceptron(int classes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        Classes = classes;
        _rows = new Dictionary<ulong, int>();
        _weights = new float[1024 * classes];
    }

    private AveragedPerceptron(int classes, Dictionary<ulong, int> rows, float[] weights)
    {
        Classes = classes;
        _rows = rows;
        _weights = weights;
    }

    public int Classes { get; }

    public int FeatureCount => _rows.Count;

    /// <summary>Adds every feature's class scores into <paramref name="scores"/> (cleared first).</summary>
    public void Score(ReadOnlySpan<ulong> features, Span<float> scores)
    {
        scores.Clear();
        foreach (var feature in features)
        {
            if (_rows.TryGetValue(feature, out var row))
            {
                var w = _weights.AsSpan(row * Classes, Classes);
                for (var c = 0; c < Classes; c++)
                {
                    scores[c] += w[c];
                }
            }
        }
    }

    public static int ArgMax(ReadOnlySpan<float> scores)
    {
        var best = 0;
        for (var c = 1; c < scores.Length; c++)
        {
            if (scores[c] > scores[best])
            {
                best = c;
            }
        }
        return best;
    }

    /// <summary>One perceptron step: reward the gold class and penalise the guess on every feature.</summary>
    public void Update(ReadOnlySpan<ulong> features, int gold, int guess)
    {
        _step++;
        if (gold == guess)
        {
            return;
        }
        foreach (var feature in features)
        {
            var row = RowOf(feature);
            Bump(row * Classes + gold, 1f);
            Bump(row * Classes + guess, -1f);
        }
    }

    /// <summary>Replaces the weights by their averages over all steps; call once after the last epoch.</summary>
    public void Average(float prune = 1e-3f)
    {
        if (_totals is null || _stamps is null)
        {
            return;
        }
        var kept = new Dictionary<ulong, int>();
        var averaged = new List<float>(_rows.Count * Classes);
        foreach (var (feature, row) in _rows)
        {
            var max = 0f;
            var start = averaged.Count;
            for (var c = 0; c < Classes; c++)
            {
                var i = row * Classes + c;
                var total = _totals[i] + (_step - _stamps[i]) * _weights[i];
                var mean = _step == 0 ? 0 : total / _step;
                averaged.Add(mean);
                max = Math.Max(max, Math.Abs(mean));
            }
            if (max < prune)
            {
                averaged.RemoveRange(start, Classes);
                continue;
            }
            kept[feature] = start / Classes;
        }
        _rows.Clear();
        foreach (var (feature, row) in kept)
        {
            _rows[feature] = row;
        }
        _weights = averaged.ToArray();
        _totals = null;
        _stamps = null;
    }

    private int RowOf(ulong feature)
    {
        if (_rows.TryGetValue(feature, out var row))
        {
            return row;
        }
        row = _rows.Count;
        _rows[feature] = row;
        var needed = (row + 1) * Classes;
        if (needed > _weights.Length)
        {
            var size = Math.Max(needed, _weights.Length * 2);
            Array.Resize(ref _weights, size);
            if (_totals is not null)
            {
                Array.Resize(ref _totals, size);
                Array.Resize(ref _stamps, size);
            }
        }
        return row;
    }

    private void Bump(int i, float delta)
    {
        _totals ??= new float[_weights.Length];
        _stamps ??= new int[_weights.Length];
        if (_totals.Length < _weights.Length)
        {
            Array.Resize(ref _totals, _weights.Length);
            Array.Resize(ref _stamps, _weights.Length);
        }
        _totals[i] += (_step - _stamps[i]) * _weights[i];
        _stamps[i] = _step;
        _weights[i] += delta;
    }

    public void Save(Stream stream)
    {
        using var zip = new GZipStream(stream, CompressionLevel.SmallestSize, leaveOpen: true);
        using var writer = new BinaryWriter(zip);
        writer.Write(Magic);
        writer.Write(FileVersion);
        writer.Write(Classes);
        writer.Write(_rows.Count);
        // Sorted so the same model always writes the same bytes (and the same checksum).
        foreach (var (feature, row) in _rows.OrderBy(r => r.Key))
        {
            writer.Write(feature);
            for (var c = 0; c < Classes; c++)
            {
                writer.Write(_weights[row * Classes + c]);
            }
        }
    }

    public static AveragedPerceptron Load(Stream stream)
    {
        using var zip = new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true);
        using var reader = new BinaryReader(zip);
        if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic) || reader.ReadInt32() != FileVersion)
        {
            throw new InvalidDataException("not an entity model of this version");
        }
        var classes = reader.ReadInt32();
        var count = reader.ReadInt32();
        if (classes is < 2 or > 64 || count < 0 || count > 50_000_000)
        {
            throw new InvalidDataException("the entity model's header is out of range");
        }
        var rows = new Dictionary<ulong, int>(count);
        var weights = new float[count * classes];
        for (var r = 0; r < count; r++)
        {
            rows[reader.ReadUInt64()] = r;
            for (var c = 0; c < classes; c++)
            {
                weights[r * classes + c] = reader.ReadSingle();
            }
        }
        return new AveragedPerceptron(classes, rows, weights);
    }
}
