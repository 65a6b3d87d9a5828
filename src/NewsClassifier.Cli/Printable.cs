using System.Globalization;
using System.Text;

namespace NewsClassifier.Cli;

/// <summary>Makes text from the input safe to print on a terminal: a story id cannot move the cursor, clear the screen or fake a log line.</summary>
internal static class Printable
{
    /// <summary>Control characters (newlines, ESC, ...), line separators and lone surrogates written as \n, \e or \uXXXX escapes.</summary>
    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[++i]);
                continue;
            }
            sb.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\u001b' => "\\e",
                _ when char.IsControl(c) || c is '\u2028' or '\u2029' || char.IsSurrogate(c) => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }
        return sb.ToString();
    }

    /// <summary>"file:6" or "file:6 (id abc)": where a result came from, without saying the same thing twice.</summary>
    public static string Where(TagResult result)
    {
        var source = result.Source ?? result.Id;
        return source == result.Id ? Escape(source) : $"{Escape(source)} (id {Escape(result.Id)})";
    }
}
