using System.Globalization;
using System.Text.RegularExpressions;

namespace NewsClassifier.Internal.Intake;

/// <summary>
/// Finds the dates and times scrapers leave on pages ("Tue, 20 Mar 2018 22:15:24 +0600", "20.03.2018 10:56",
/// "March 20, 2018", "20 марта 2018", "2 hours ago"), strips them from headlines and turns them into ISO 8601.
/// </summary>
internal static partial class PageDates
{
    private static readonly string[] EnglishMonths = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    private static readonly string[] RussianMonths = ["янв", "фев", "мар", "апр", "ма", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"];

    /// <summary>True when the line holds a calendar date or a clock time somewhere.</summary>
    public static bool HasDate(string line) => HasDigit(line) && AnyDate().IsMatch(line);

    /// <summary>True when the line has a clock time (10:56, 22:15:24).</summary>
    public static bool HasTime(string line) => line.Contains(':') && ClockTime().IsMatch(line);

    /// <summary>True for "2 hours ago", "yesterday", "5 min ago", "1h".</summary>
    public static bool IsRelative(string line) => (HasDigit(line) || MayBeRelative(line)) && RelativeTime().IsMatch(line);

    /// <summary>True when dates, times and their glue ("Updated", "|", "/") make up the whole line.</summary>
    public static bool IsWholeDate(string line)
    {
        // Every date line is short and has a digit or a relative word; the regexes below are the expensive part of intake.
        if (line.Length > 90 || !(HasDigit(line) || MayBeRelative(line)))
        {
            return false;
        }
        var rest = AnyDate().Replace(line, " ");
        rest = ClockTime().Replace(rest, " ");
        rest = RelativeTime().Replace(rest, " ");
        rest = DateGlue().Replace(rest, " ");
        return rest.Trim().Length == 0 && line.Trim().Length > 0;
    }

    /// <summary>
    /// Removes a timestamp or dateline glued to a headline ("10:56 Kazakhstan raises ...", "... | 20 March 2018")
    /// and returns the date it held as ISO 8601 when it parses as a calendar date.
    /// </summary>
    public static string StripFromHeadline(string headline, out string? published)
    {
        published = null;
        var m = LeadingStamp().Match(headline);
        if (m.Success && m.Length < headline.Length)
        {
            var rest = headline[m.Length..].Trim();
            if (rest.Length >= 8)
            {
                published = ToIso(m.Value);
                headline = rest;
            }
        }
        var t = TrailingStamp().Match(headline);
        if (t.Success && t.Index >= 8)
        {
            published ??= ToIso(t.Groups["stamp"].Value);
            headline = headline[..t.Index].TrimEnd();
        }
        return headline;
    }

    /// <summary>The first calendar date in the line as ISO 8601 (date, or date and time with the offset when given); null when none parses.</summary>
    public static string? ToIso(string text)
    {
        if (!HasDigit(text))
        {
            return null;
        }
        if (RfcDigits().Match(text) is { Success: true } rd)
        {
            var sign = rd.Groups["sign"].Value == "-" ? -1 : 1;
            var offset = new TimeSpan(int.Parse(rd.Groups["oh"].Value, CultureInfo.InvariantCulture), int.Parse(rd.Groups["om"].Value, CultureInfo.InvariantCulture), 0) * sign;
            var month = MonthOf(rd.Groups["mon"].Value);
            if (month > 0 && TryDate(rd.Groups["y"].Value, month, rd.Groups["d"].Value, out var day)
                && TryTime(rd.Groups["hh"].Value, rd.Groups["mm"].Value, rd.Groups["ss"].Value, out var time))
            {
                return new DateTimeOffset(day.ToDateTime(time), offset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
            }
        }
        DateOnly date;
        Match found;
        if ((found = IsoDate().Match(text)).Success && TryDate(found.Groups["y"].Value, int.Parse(found.Groups["m"].Value, CultureInfo.InvariantCulture), found.Groups["d"].Value, out date))
        {
        }
        else if ((found = DottedDate().Match(text)).Success && TryDate(found.Groups["y"].Value, int.Parse(found.Groups["m"].Value, CultureInfo.InvariantCulture), found.Groups["d"].Value, out date))
        {
        }
        else if ((found = DayMonthYear().Match(text)).Success && MonthOf(found.Groups["mon"].Value) is > 0 and var dm && TryDate(found.Groups["y"].Value, dm, found.Groups["d"].Value, out date))
        {
        }
        else if ((found = MonthDayYear().Match(text)).Success && MonthOf(found.Groups["mon"].Value) is > 0 and var md && TryDate(found.Groups["y"].Value, md, found.Groups["d"].Value, out date))
        {
        }
        else
        {
            return null;
        }
        // A clock time next to the date makes it a local date-time (no offset: the page did not give one).
        var around = text.Substring(Math.Max(0, found.Index - 12), Math.Min(text.Length - Math.Max(0, found.Index - 12), found.Length + 24));
        var clock = ClockTimeAmPm().Match(around);
        if (clock.Success && TryTime(clock.Groups["hh"].Value, clock.Groups["mm"].Value, clock.Groups["ss"].Value, out var at, clock.Groups["ampm"].Value))
        {
            return date.ToDateTime(at).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        }
        return date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    private static bool HasDigit(string line) => line.AsSpan().IndexOfAnyInRange('0', '9') >= 0;

    private static bool MayBeRelative(string line) =>
        line.Contains("ago", StringComparison.OrdinalIgnoreCase) || line.Contains("yesterday", StringComparison.OrdinalIgnoreCase)
        || line.Contains("today", StringComparison.OrdinalIgnoreCase) || line.Contains("just now", StringComparison.OrdinalIgnoreCase);

    private static int MonthOf(string name)
    {
        var lower = name.ToLowerInvariant();
        for (var k = 0; k < 12; k++)
        {
            if (lower.StartsWith(EnglishMonths[k], StringComparison.Ordinal) || lower.StartsWith(RussianMonths[k], StringComparison.Ordinal))
            {
                return k + 1;
            }
        }
        return 0;
    }

    private static bool TryDate(string year, int month, string day, out DateOnly date)
    {
        date = default;
        var y = int.Parse(year, CultureInfo.InvariantCulture);
        y = y < 100 ? 2000 + y : y;
        var d = int.Parse(day, CultureInfo.InvariantCulture);
        if (y is < 1990 or > 2100 || month is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, month))
        {
            return false;
        }
        date = new DateOnly(y, month, d);
        return true;
    }

    private static bool TryTime(string hh, string mm, string ss, out TimeOnly time, string ampm = "")
    {
        time = default;
        var h = int.Parse(hh, CultureInfo.InvariantCulture);
        var m = int.Parse(mm, CultureInfo.InvariantCulture);
        var s = ss.Length > 0 ? int.Parse(ss, CultureInfo.InvariantCulture) : 0;
        if (ampm.Length > 0)
        {
            var pm = ampm[0] is 'p' or 'P';
            h = h % 12 + (pm ? 12 : 0);
        }
        if (h > 23 || m > 59 || s > 59)
        {
            return false;
        }
        time = new TimeOnly(h, m, s);
        return true;
    }

    private const string Month = @"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|январ[яь]|феврал[яь]|марта?|апрел[яь]|ма[яй]|июн[яь]|июл[яь]|августа?|сентябр[яь]|октябр[яь]|ноябр[яь]|декабр[яь])";

    [GeneratedRegex(@"(?<d>\d{1,2}) (?<mon>[A-Z][a-z]{2}) (?<y>\d{4}) (?<hh>\d{2}):(?<mm>\d{2}):(?<ss>\d{2}) (?<sign>[+-])(?<oh>\d{2}):?(?<om>\d{2})")]
    private static partial Regex RfcDigits();

    [GeneratedRegex(@"\b(?<y>(?:19|20)\d{2})-(?<m>\d{2})-(?<d>\d{2})\b")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"\b(?<d>\d{1,2})[./](?<m>\d{1,2})[./](?<y>\d{4}|\d{2})\b")]
    private static partial Regex DottedDate();

    [GeneratedRegex(@"\b(?<d>\d{1,2})(?:st|nd|rd|th)?\s+(?<mon>" + Month + @")\.?,?\s+(?<y>(?:19|20)\d{2})\b", RegexOptions.IgnoreCase)]
    private static partial Regex DayMonthYear();

    [GeneratedRegex(@"\b(?<mon>" + Month + @")\.?\s+(?<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?<y>(?:19|20)\d{2})\b", RegexOptions.IgnoreCase)]
    private static partial Regex MonthDayYear();

    [GeneratedRegex(@"(?:\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?\s+)?(?:\b\d{1,2}(?:st|nd|rd|th)?\s+" + Month + @"\.?,?\s+(?:19|20)\d{2}|\b" + Month + @"\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{2}|\b(?:19|20)\d{2}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?|\b\d{1,2}[./]\d{1,2}[./](?:\d{4}|\d{2})\b)(?:\s*[+-]\d{4})?", RegexOptions.IgnoreCase)]
    private static partial Regex AnyDate();

    [GeneratedRegex(@"\b(?<hh>[01]?\d|2[0-3]):(?<mm>[0-5]\d)(?::(?<ss>[0-5]\d))?\b")]
    private static partial Regex ClockTime();

    [GeneratedRegex(@"\b(?<hh>[01]?\d|2[0-3]):(?<mm>[0-5]\d)(?::(?<ss>[0-5]\d))?(?:\s*(?<ampm>[AaPp]\.?[Mm]\.?))?")]
    private static partial Regex ClockTimeAmPm();

    [GeneratedRegex(@"\b(?:(?:\d+|an?|one)\s*(?:sec(?:ond)?s?|min(?:ute)?s?|h(?:ou)?rs?|hours?|days?|weeks?|months?|years?|[hmd])\s+ago|\d{1,2}\s?[hmd]\b|yesterday|just now|today)\b", RegexOptions.IgnoreCase)]
    private static partial Regex RelativeTime();

    // What may sit around a date on a line of its own: "Updated", "Posted on", "at", separators, GMT offsets, weekdays, AM/PM.
    [GeneratedRegex(@"\b(?:updated|published|posted|on|at|date|edited|last|modified|GMT|UTC|AM|PM|a\.m\.|p\.m\.|Mon(?:day)?|Tue(?:sday)?|Wed(?:nesday)?|Thu(?:rsday)?|Fri(?:day)?|Sat(?:urday)?|Sun(?:day)?)\b|[+-]\d{1,2}(?::?\d{2})?\b|[|/•·,:\-–—()\[\]]", RegexOptions.IgnoreCase)]
    private static partial Regex DateGlue();

    // A timestamp at the start of a headline: "10:56 ", "20.03.2018 10:56 ", "Tue, 20 Mar 2018 22:15 - ".
    [GeneratedRegex(@"^(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?\s+)?(?:\d{1,2}[./]\d{1,2}[./]\d{2,4},?\s*|\d{4}-\d{2}-\d{2}\s*|\d{1,2}\s+" + Month + @"\.?,?\s+\d{4},?\s*|" + Month + @"\.?\s+\d{1,2},?\s+\d{4},?\s*)?(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?\s*(?:[|•·\-–—:/]\s*)?", RegexOptions.IgnoreCase)]
    private static partial Regex LeadingStamp();

    // A date glued after a headline with a separator: "... | 20 March 2018", "... - 20.03.2018 10:56", "... (March 20, 2018)".
    [GeneratedRegex(@"\s*(?:[|•·–—]|\s-)\s*(?<stamp>(?:\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}\s+" + Month + @"\.?,?\s+\d{4}|" + Month + @"\.?\s+\d{1,2},?\s+\d{4})(?:,?\s+\d{1,2}:\d{2})?)\s*$|\s*\((?<stamp>(?:\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{1,2}\s+" + Month + @"\.?,?\s+\d{4}|" + Month + @"\.?\s+\d{1,2},?\s+\d{4}))\)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex TrailingStamp();
}
