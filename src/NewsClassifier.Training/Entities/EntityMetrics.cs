namespace NewsClassifier.Training.Entities;

/// <summary>
/// Exact-match entity scores: a predicted entity counts when field, start, end and type all equal a gold mention's;
/// links are scored on those matched spans (the country, null included, must be equal).
/// </summary>
public sealed class EntityMetrics
{
    private readonly Dictionary<EntityType, (int Tp, int Fp, int Fn)> _byType = Enum.GetValues<EntityType>().ToDictionary(t => t, _ => (0, 0, 0));
    private int _linked;
    private int _linkedRight;

    /// <summary>Stories scored.</summary>
    public int Stories { get; private set; }

    /// <summary>Adds one story's gold mentions and predictions.</summary>
    public void Add(IReadOnlyList<GoldMention> gold, IReadOnlyList<Entity> predicted)
    {
        Stories++;
        var goldByKey = gold.GroupBy(g => (g.Field, g.Start, g.End)).ToDictionary(g => g.Key, g => g.First());
        var matched = new HashSet<(string, int, int)>();
        foreach (var p in predicted)
        {
            var key = (p.Field, p.Start, p.End);
            if (goldByKey.TryGetValue(key, out var g) && g.Type == p.Type && matched.Add(key))
            {
                Bump(p.Type, tp: 1);
                _linked++;
                if (string.Equals(g.Country, p.Country, StringComparison.Ordinal))
                {
                    _linkedRight++;
                }
            }
            else
            {
                Bump(p.Type, fp: 1);
            }
        }
        foreach (var g in gold)
        {
            if (!matched.Contains((g.Field, g.Start, g.End)))
            {
                Bump(g.Type, fn: 1);
            }
        }
    }

    private void Bump(EntityType type, int tp = 0, int fp = 0, int fn = 0)
    {
        var (a, b, c) = _byType[type];
        _byType[type] = (a + tp, b + fp, c + fn);
    }

    /// <summary>Gold mentions scored.</summary>
    public int GoldMentions => _byType.Values.Sum(v => v.Tp + v.Fn);

    /// <summary>Micro precision over all types.</summary>
    public double Precision => Ratio(_byType.Values.Sum(v => v.Tp), _byType.Values.Sum(v => v.Tp + v.Fp));

    /// <summary>Micro recall over all types.</summary>
    public double Recall => Ratio(_byType.Values.Sum(v => v.Tp), _byType.Values.Sum(v => v.Tp + v.Fn));

    /// <summary>Micro F1 over all types.</summary>
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    /// <summary>Share of exactly matched entities whose country link is right.</summary>
    public double LinkAccuracy => Ratio(_linkedRight, _linked);

    /// <summary>Recall of one type.</summary>
    public double RecallOf(EntityType type) => Ratio(_byType[type].Tp, _byType[type].Tp + _byType[type].Fn);

    /// <summary>Precision of one type.</summary>
    public double PrecisionOf(EntityType type) => Ratio(_byType[type].Tp, _byType[type].Tp + _byType[type].Fp);

    /// <summary>The figures by name, rounded, as the model card and metrics.json carry them.</summary>
    public IReadOnlyDictionary<string, double> Summary()
    {
        var summary = new Dictionary<string, double>
        {
            ["entityStories"] = Stories,
            ["entityMentions"] = GoldMentions,
            ["entityPrecision"] = Math.Round(Precision, 4),
            ["entityRecall"] = Math.Round(Recall, 4),
            ["entityF1"] = Math.Round(F1, 4),
            ["entityLinkAccuracy"] = Math.Round(LinkAccuracy, 4),
        };
        foreach (var type in Enum.GetValues<EntityType>())
        {
            summary[$"entityRecall.{type.ToString().ToUpperInvariant()}"] = Math.Round(RecallOf(type), 4);
            summary[$"entityPrecision.{type.ToString().ToUpperInvariant()}"] = Math.Round(PrecisionOf(type), 4);
        }
        return summary;
    }

    private static double Ratio(int a, int b) => b == 0 ? 0 : (double)a / b;
}
