namespace NewsClassifier.Internal.Entities;

/// <summary>The BIO tags the recogniser predicts for each token: outside, or the beginning or inside of a name of a type.</summary>
internal static class EntityTags
{
    public const int Outside = 0;
    public const int Count = 9;

    private static readonly string[] Names = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-CTRY", "I-CTRY"];

    public static string Name(int tag) => Names[tag];

    public static int Begin(EntityType type) => 1 + 2 * (int)type;

    public static int Inside(EntityType type) => 2 + 2 * (int)type;

    public static bool IsBegin(int tag) => tag != Outside && tag % 2 == 1;

    public static EntityType TypeOf(int tag) => (EntityType)((tag - 1) / 2);

    /// <summary>An inside tag that cannot follow <paramref name="previous"/> starts a name instead.</summary>
    public static int Repair(int previous, int tag)
    {
        if (tag == Outside || IsBegin(tag))
        {
            return tag;
        }
        var type = TypeOf(tag);
        return previous == Begin(type) || previous == Inside(type) ? tag : Begin(type);
    }
}

/// <summary>64-bit FNV-1a over a template number and lower-cased characters: features without allocating strings.</summary>
internal struct FeatureHash
{
    private const ulong Offset = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;
    private ulong _h;

    private FeatureHash(int template)
    {
        _h = Offset;
        Add(template);
    }

    public static FeatureHash Of(int template) => new(template);

    public FeatureHash Add(int value)
    {
        for (var k = 0; k < 4; k++)
        {
            _h = (_h ^ (byte)(value >> (8 * k))) * Prime;
        }
        return this;
    }

    public FeatureHash Add(ReadOnlySpan<char> chars)
    {
        foreach (var c in chars)
        {
            var lower = char.ToLowerInvariant(c);
            _h = (_h ^ (byte)lower) * Prime;
            _h = (_h ^ (byte)(lower >> 8)) * Prime;
        }
        _h = (_h ^ 0xFF) * Prime; // separator, so ("ab","c") differs from ("a","bc")
        return this;
    }

    public readonly ulong Value => _h;
}
