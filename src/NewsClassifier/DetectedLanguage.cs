namespace NewsClassifier;

/// <summary>The language a story seems to be written in, as guessed by <see cref="NewsIntake.DetectLanguage"/>.</summary>
/// <param name="Code">ISO 639-1 code ("en", "ru", "kk"...), or "und" when there are no letters to go by.</param>
/// <param name="Name">The language's English name.</param>
public sealed record DetectedLanguage(string Code, string Name)
{
    /// <summary>The only language the models were trained on.</summary>
    public static readonly DetectedLanguage English = new("en", "English");

    /// <summary>No letters to go by (emoji, numbers, punctuation).</summary>
    public static readonly DetectedLanguage Unknown = new("und", "unknown");

    /// <summary>Whether the models can be trusted on this language (only English).</summary>
    public bool IsSupported => Code == English.Code;

    /// <summary>The warning a result carries for an unsupported language, e.g. "language: ru (not supported; tags are unreliable)".</summary>
    public string Warning => Code == Unknown.Code
        ? "language: und (no words to read; tags are unreliable)"
        : $"language: {Code} (not supported; tags are unreliable)";

    /// <summary>The error of a story refused for its language, e.g. "language: ru (Russian, not supported; skipped rather than tagged unreliably)".</summary>
    public string Refusal => $"language: {Code} ({Name}, not supported; skipped rather than tagged unreliably)";

    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        ["en"] = "English", ["ru"] = "Russian", ["kk"] = "Kazakh", ["ky"] = "Kyrgyz", ["uz"] = "Uzbek", ["tg"] = "Tajik",
        ["uk"] = "Ukrainian", ["be"] = "Belarusian", ["bg"] = "Bulgarian", ["sr"] = "Serbian", ["mk"] = "Macedonian",
        ["ar"] = "Arabic", ["fa"] = "Persian", ["ur"] = "Urdu", ["zh"] = "Chinese", ["ja"] = "Japanese", ["ko"] = "Korean",
        ["el"] = "Greek", ["he"] = "Hebrew", ["hi"] = "Hindi", ["ka"] = "Georgian", ["hy"] = "Armenian", ["th"] = "Thai",
        ["fr"] = "French", ["de"] = "German", ["es"] = "Spanish", ["it"] = "Italian", ["pt"] = "Portuguese", ["nl"] = "Dutch",
        ["tr"] = "Turkish", ["pl"] = "Polish", ["id"] = "Indonesian",
    };

    internal static DetectedLanguage Of(string code) => code == "en" ? English : new(code, Names.GetValueOrDefault(code, code));
}
