using System.Text;

namespace NewsClassifier.Internal;

/// <summary>A hash that is the same on every machine, process and .NET version (string.GetHashCode is not).</summary>
internal static class StableHash
{
    public static uint Fnv1a(string value)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            hash ^= b;
            hash *= 16777619u;
        }
        return hash;
    }
}
