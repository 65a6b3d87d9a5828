namespace NewsClassifier.Internal.Knowledge;

/// <summary>Reads the knowledge base's tab-separated files: '#' lines are comments, the first other line names the columns.</summary>
internal static class TsvRows
{
    /// <summary>Yields each data row as a map from column name to trimmed cell ("" when the row is short).</summary>
    public static IEnumerable<(int LineNo, IReadOnlyDictionary<string, string> Cells)> Read(string tsv, string file, IReadOnlyList<string> required)
    {
        string[]? header = null;
        var lineNo = 0;
        foreach (var rawLine in tsv.Split('\n'))
        {
            lineNo++;
            var line = rawLine.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var cells = line.Split('\t');
            if (header is null)
            {
                header = cells.Select(c => c.Trim()).ToArray();
                var missing = required.Where(r => !header.Contains(r)).ToList();
                if (missing.Count > 0)
                {
                    throw new FormatException($"{file}: the header lacks the column(s) {string.Join(", ", missing)}.");
                }
                continue;
            }
            var row = new Dictionary<string, string>(header.Length, StringComparer.Ordinal);
            for (var k = 0; k < header.Length; k++)
            {
                row[header[k]] = k < cells.Length ? cells[k].Trim() : "";
            }
            if (row[header[0]].Length == 0)
            {
                throw new FormatException($"{file} line {lineNo}: the first column ({header[0]}) is empty.");
            }
            yield return (lineNo, row);
        }
    }
}
