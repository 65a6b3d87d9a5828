using System.CommandLine;
using System.Text.RegularExpressions;

namespace NewsClassifier.Cli;

/// <summary>Rewrites System.CommandLine's parse errors for people: no .NET type names, and a suggestion for a mistyped command.</summary>
internal static partial class ParseErrors
{
    public static string Explain(string message, RootCommand root, string[] args)
    {
        var cannotParse = CannotParse().Match(message);
        if (cannotParse.Success)
        {
            var kind = cannotParse.Groups["type"].Value switch
            {
                var t when t.Contains("Int", StringComparison.Ordinal) => "a whole number",
                var t when t.Contains("Single", StringComparison.Ordinal) || t.Contains("Double", StringComparison.Ordinal) => "a number",
                _ => "a value of another kind",
            };
            return $"{cannotParse.Groups["option"].Value} takes {kind}, not '{cannotParse.Groups["value"].Value}'.";
        }
        var unknown = Unrecognized().Match(message);
        if (unknown.Success && args.Length > 0 && args[0] == unknown.Groups["token"].Value)
        {
            var names = root.Subcommands.Select(c => c.Name).ToList();
            var best = names.MinBy(n => Distance(n, args[0]));
            return best is not null && Distance(best, args[0]) <= Math.Max(2, best.Length / 3)
                ? $"unknown command '{args[0]}'. Did you mean '{best}'? Commands: {string.Join(", ", names)}."
                : $"unknown command '{args[0]}'. Commands: {string.Join(", ", names)}.";
        }
        return message;
    }

    /// <summary>Levenshtein distance: the number of single-character edits between two words.</summary>
    internal static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            previous = current;
        }
        return previous[b.Length];
    }

    [GeneratedRegex(@"Cannot parse argument '(?<value>.*)' for option '(?<option>[^']+)' as expected type '(?<type>[^']+)'")]
    private static partial Regex CannotParse();

    [GeneratedRegex(@"Unrecognized command or argument '(?<token>[^']+)'")]
    private static partial Regex Unrecognized();
}
