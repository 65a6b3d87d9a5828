namespace NewsClassifier.Internal.Language;

/// <summary>
/// Guesses a story's language from its script and, for Latin script, from function words. Nothing is downloaded and
/// nothing is trained: letter ranges, a few letters peculiar to each Cyrillic language, and about twenty frequent
/// words per Latin-script language. It is built to say "not English" only when the evidence is plain, since a false
/// warning on an English story costs more than a missed one (issue 15, case 25).
/// </summary>
internal static class LanguageDetector
{
    /// <summary>Only this many characters are looked at: a story's language shows in its first paragraphs.</summary>
    private const int SampleLength = 20_000;

    public static DetectedLanguage Detect(string? title, string? text)
    {
        var sample = Sample(title, text);
        var scripts = new int[(int)Script.Count];
        var cyrillic = new Dictionary<char, int>();
        var arabic = new Dictionary<char, int>();
        foreach (var c in sample)
        {
            var script = ScriptOf(c);
            scripts[(int)script]++;
            if (script == Script.Cyrillic && CyrillicMarkers.ContainsKey(c))
            {
                cyrillic[c] = cyrillic.GetValueOrDefault(c) + 1;
            }
            else if (script == Script.Arabic && ArabicMarkers.ContainsKey(c))
            {
                arabic[c] = arabic.GetValueOrDefault(c) + 1;
            }
        }
        var letters = scripts.Sum() - scripts[(int)Script.None];
        if (letters == 0)
        {
            return DetectedLanguage.Unknown;
        }
        var latin = scripts[(int)Script.Latin];
        if (latin * 2 >= letters)
        {
            return ByFunctionWords(sample);
        }
        var main = Enumerable.Range(0, (int)Script.Count).Where(s => s != (int)Script.None && s != (int)Script.Latin).MaxBy(s => scripts[s]);
        return (Script)main switch
        {
            Script.Cyrillic => DetectedLanguage.Of(ByMarkers(cyrillic, CyrillicMarkers, CyrillicSets) ?? RussianOrBulgarian(sample)),
            Script.Arabic => DetectedLanguage.Of(ByMarkers(arabic, ArabicMarkers, ArabicSets) ?? "ar"),
            Script.Han => DetectedLanguage.Of(scripts[(int)Script.Kana] > 0 ? "ja" : "zh"),
            Script.Kana => DetectedLanguage.Of("ja"),
            Script.Hangul => DetectedLanguage.Of("ko"),
            Script.Greek => DetectedLanguage.Of("el"),
            Script.Hebrew => DetectedLanguage.Of("he"),
            Script.Devanagari => DetectedLanguage.Of("hi"),
            Script.Georgian => DetectedLanguage.Of("ka"),
            Script.Armenian => DetectedLanguage.Of("hy"),
            Script.Thai => DetectedLanguage.Of("th"),
            _ => DetectedLanguage.Unknown,
        };
    }

    private static string Sample(string? title, string? text)
    {
        var body = text ?? "";
        var head = body.Length > SampleLength ? body[..SampleLength] : body;
        return string.IsNullOrEmpty(title) ? head : title + "\n" + head;
    }

    // --- Latin script: function words.

    private static DetectedLanguage ByFunctionWords(string sample)
    {
        var votes = new Dictionary<string, int>(StringComparer.Ordinal);
        var i = 0;
        while (i < sample.Length)
        {
            if (!char.IsLetter(sample[i]))
            {
                i++;
                continue;
            }
            var start = i;
            while (i < sample.Length && (char.IsLetter(sample[i]) || sample[i] is '\'' or '\u2019' or '\u02BB' or '\u02BC'))
            {
                i++;
            }
            if (i - start <= MaxFunctionWordLength && FunctionWordLookup.TryGetValue(sample.AsSpan(start, i - start), out var languages))
            {
                foreach (var language in languages)
                {
                    votes[language] = votes.GetValueOrDefault(language) + 1;
                }
            }
        }
        var english = votes.GetValueOrDefault("en");
        var (best, count) = votes.Where(v => v.Key != "en").Select(v => (v.Key, v.Value)).DefaultIfEmpty(("en", 0)).MaxBy(v => v.Item2);
        // Another language must be plainly ahead: proper names ("de la", "van", "bin") put a few foreign words in
        // English stories, and a headline alone rarely has enough words to tell.
        return count >= 3 && count >= 2 * english + 2 ? DetectedLanguage.Of(best) : DetectedLanguage.English;
    }

    private static readonly Dictionary<string, string[]> FunctionWords = BuildFunctionWords(new Dictionary<string, string>
    {
        ["en"] = "the and of to in is was that for on with said by as at from it has have be are were which this will its an not but their after who been would they he she had",
        ["fr"] = "le la les des est et une dans pour que qui du au aux sur avec pas sont ont par il elle été cette ces leur entre selon",
        ["de"] = "der die und das ist nicht mit sich auf für den dem ein eine wird von zu im auch werden bei nach wurde einen",
        ["es"] = "el la los las del que y en por con para una es se su al como más pero sus fue ha según",
        ["it"] = "il di che della per con non una sono nel alla dei gli anche è si del le al degli",
        ["pt"] = "o os do da dos das em para com uma não que foi ao pelo pela mais seu sua também",
        ["nl"] = "de het een van en dat op te zijn met voor niet aan er ook door wordt werd",
        ["tr"] = "ve bir bu için ile da de olarak olan daha çok gibi ama sonra kadar ise değil tarafından",
        ["uz"] = "va bilan uchun bu ham edi bo'ldi emas yil qilish o'z bo'yicha esa qildi mumkin haqida yana lekin orqali kerak",
        ["pl"] = "w z na się nie do że jest to po przez od jak oraz który która są",
        ["id"] = "yang dan di dengan untuk dari ini itu dalam tidak akan pada adalah oleh",
    });

    private static readonly int MaxFunctionWordLength = FunctionWords.Keys.Max(w => w.Length);

    private static readonly Dictionary<string, string[]>.AlternateLookup<ReadOnlySpan<char>> FunctionWordLookup =
        FunctionWords.GetAlternateLookup<ReadOnlySpan<char>>();

    private static Dictionary<string, string[]> BuildFunctionWords(Dictionary<string, string> byLanguage)
    {
        var words = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (language, list) in byLanguage)
        {
            foreach (var word in list.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!words.TryGetValue(word, out var languages))
                {
                    words[word] = languages = [];
                }
                languages.Add(language);
            }
        }
        return words.ToDictionary(w => w.Key, w => w.Value.ToArray(), StringComparer.OrdinalIgnoreCase);
    }

    // --- Cyrillic and Arabic scripts: letters only some languages use.

    private static readonly Dictionary<string, string> CyrillicSets = new()
    {
        ["kk"] = "әғқңөұүһі",
        ["ky"] = "ңөү",
        ["uz"] = "ўқғҳ",
        ["tg"] = "ғқҳҷӣӯ",
        ["uk"] = "іїєґ",
        ["be"] = "іў",
        ["sr"] = "ђјљњћџ",
        ["mk"] = "ѓќѕјљњџ",
    };

    private static readonly Dictionary<string, string> ArabicSets = new()
    {
        ["fa"] = "پچژگکی",
        ["ur"] = "ٹڈڑںےھپچژگک",
    };

    private static readonly Dictionary<char, int> CyrillicMarkers = Markers(CyrillicSets);

    private static readonly Dictionary<char, int> ArabicMarkers = Markers(ArabicSets);

    private static Dictionary<char, int> Markers(Dictionary<string, string> sets) =>
        sets.Values.SelectMany(s => s.SelectMany(c => new[] { c, char.ToUpperInvariant(c) })).Distinct().ToDictionary(c => c, _ => 0);

    /// <summary>
    /// The language whose peculiar letters explain the text best: each of its letters found counts for it, each
    /// letter it does not use counts twice against it; on a tie the smaller set (the more specific language) wins.
    /// </summary>
    private static string? ByMarkers(Dictionary<char, int> found, Dictionary<char, int> markers, Dictionary<string, string> sets)
    {
        if (found.Count == 0)
        {
            return null;
        }
        var scored = sets.Select(set =>
        {
            var own = set.Value + set.Value.ToUpperInvariant();
            var score = found.Sum(f => own.Contains(f.Key) ? f.Value : -2 * f.Value);
            return (Language: set.Key, Score: score, Size: set.Value.Length);
        }).OrderByDescending(s => s.Score).ThenBy(s => s.Size).First();
        return scored.Score > 0 ? scored.Language : null;
    }

    // Bulgarian writes no ы or э and uses ъ as a vowel; Russian uses ы often.
    private static string RussianOrBulgarian(string sample)
    {
        int hard = 0, russianOnly = 0;
        foreach (var c in sample)
        {
            if (c is 'ъ' or 'Ъ')
            {
                hard++;
            }
            else if (c is 'ы' or 'Ы' or 'э' or 'Э')
            {
                russianOnly++;
            }
        }
        return russianOnly == 0 && hard > 2 ? "bg" : "ru";
    }

    // --- Scripts.

    private enum Script
    {
        None,
        Latin,
        Cyrillic,
        Greek,
        Arabic,
        Hebrew,
        Han,
        Kana,
        Hangul,
        Devanagari,
        Georgian,
        Armenian,
        Thai,
        OtherLetter,
        Count,
    }

    private static Script ScriptOf(char c)
    {
        if (c < 0x80)
        {
            return char.IsAsciiLetter(c) ? Script.Latin : Script.None;
        }
        if (!char.IsLetter(c))
        {
            return Script.None;
        }
        return c switch
        {
            <= '\u024F' => Script.Latin,
            >= '\u1E00' and <= '\u1EFF' => Script.Latin,
            >= '\u0370' and <= '\u03FF' => Script.Greek,
            >= '\u0400' and <= '\u052F' => Script.Cyrillic,
            >= '\u0530' and <= '\u058F' => Script.Armenian,
            >= '\u0590' and <= '\u05FF' => Script.Hebrew,
            >= '\u0600' and <= '\u06FF' => Script.Arabic,
            >= '\u0750' and <= '\u077F' => Script.Arabic,
            >= '\u0900' and <= '\u097F' => Script.Devanagari,
            >= '\u0E00' and <= '\u0E7F' => Script.Thai,
            >= '\u10A0' and <= '\u10FF' => Script.Georgian,
            >= '\u1100' and <= '\u11FF' => Script.Hangul,
            >= '\u3040' and <= '\u30FF' => Script.Kana,
            >= '\u3400' and <= '\u4DBF' => Script.Han,
            >= '\u4E00' and <= '\u9FFF' => Script.Han,
            >= '\uAC00' and <= '\uD7AF' => Script.Hangul,
            _ => Script.OtherLetter,
        };
    }
}
