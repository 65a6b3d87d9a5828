using NewsClassifier.Internal.Entities;
using NewsClassifier.Internal.Knowledge;
using NewsClassifier.Internal.Text;

namespace NewsClassifier.Tests.Entities;

public class EntityRecognizerTests
{
    private static readonly KnowledgeBase Knowledge = KnowledgeBase.Embedded;
    private static readonly EntitySpotter Spotter = new(Knowledge);

    // Sentences written for this test: names the knowledge base does not list, marked by hand.
    private static readonly (string Text, (string Name, EntityType Type)[] Names)[] Training =
    [
        ("Minister Aibek Sarsenov said the plan was ready.", [("Aibek Sarsenov", EntityType.Person)]),
        ("Director Gulnara Temirova told reporters the plant would reopen.", [("Gulnara Temirova", EntityType.Person)]),
        ("Akim Yerlan Baimukhanov visited Kyzylzhar Agro LLP on Monday.", [("Yerlan Baimukhanov", EntityType.Person), ("Kyzylzhar Agro LLP", EntityType.Organization)]),
        ("The court fined Steppe Logistics LLC for late payments.", [("Steppe Logistics LLC", EntityType.Organization)]),
        ("Farmers in Koksu district said the canal was dry.", [("Koksu", EntityType.Location)]),
        ("Prices rose in Zhetysai district, said Marat Ospanov, a trader.", [("Zhetysai", EntityType.Location), ("Marat Ospanov", EntityType.Person)]),
        ("Governor Timur Alibekov met staff of Aral Water JSC.", [("Timur Alibekov", EntityType.Person), ("Aral Water JSC", EntityType.Organization)]),
        ("Officials said Nurlan Kasymov would lead Talas Mining LLC.", [("Nurlan Kasymov", EntityType.Person), ("Talas Mining LLC", EntityType.Organization)]),
        ("The Rome Statute was discussed at the meeting.", []),
        ("Spokesman Daniyar Suleimenov said the talks were useful.", [("Daniyar Suleimenov", EntityType.Person)]),
    ];

    private static RecognizerInput Input(string text, IEnumerable<(string Name, EntityType Type)>? names = null)
    {
        var tokens = Tokenizer.Tokenize(text);
        var input = new RecognizerInput(text, tokens, Spotter.Spot(text, tokens), EntityRecognizer.LowerCaseWords("", text, [], tokens), IsTitle: false);
        if (names is null)
        {
            return input;
        }
        var spans = names.Select(n => new RecognizedName(text.IndexOf(n.Name, StringComparison.Ordinal), text.IndexOf(n.Name, StringComparison.Ordinal) + n.Name.Length, n.Type));
        return input with { Gold = EntityRecognizer.GoldTags(tokens, spans) };
    }

    private static EntityRecognizer Trained() =>
        EntityRecognizer.Train(Training.Select(t => Input(t.Text, t.Names)).ToList(), Knowledge.Cues, epochs: 15, seed: 7, CancellationToken.None);

    [Fact]
    public void Should_FindAPersonItNeverSaw_When_ATitleStandsBeforeTheName()
    {
        var text = "Minister Saule Abdrakhmanova said the bridge was safe.";

        var names = Trained().Recognize(Input(text), Knowledge.Cues);

        Assert.Contains(names, n => text[n.Start..n.End] == "Saule Abdrakhmanova" && n.Type == EntityType.Person);
    }

    [Fact]
    public void Should_TurnBioTagsIntoSpans_And_GoldSpansIntoTags()
    {
        var text = "Aibek Sarsenov met Talas Mining LLC.";
        var tokens = Tokenizer.Tokenize(text);
        var spans = new[] { new RecognizedName(0, 14, EntityType.Person), new RecognizedName(19, 35, EntityType.Organization) };

        var tags = EntityRecognizer.GoldTags(tokens, spans);

        Assert.Equal(["B-PER", "I-PER", "O", "B-ORG", "I-ORG", "I-ORG", "O"], tags.Select(EntityTags.Name));
        Assert.Equal(spans, EntityRecognizer.Spans(tokens, tags));
    }

    [Theory]
    [InlineData(0, 2, 1)] // an inside tag after "outside" starts a name
    [InlineData(1, 2, 2)] // and continues one of its own type
    [InlineData(3, 2, 1)] // but not one of another type
    public void Should_RepairAnInsideTagThatCannotFollow(int previous, int tag, int expected) =>
        Assert.Equal(expected, EntityTags.Repair(previous, tag));
}
