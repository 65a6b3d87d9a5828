using NewsClassifier.Training.Data;

namespace NewsClassifier.Training.Tests.Data;

public class DatasetReaderTests
{
    [Fact]
    public void Should_ReadJsonlRows_WithLabelsCountriesAndSplit()
    {
        using var temp = TestPaths.Temp();
        var path = temp.File("d.jsonl",
            """
            {"id":"a","title":"T1","text":"Body one","topics":["energy","law"],"countries":["kz"],"primary":"kz","split":"train"}

            {"id":"b","title":"T2","text":"Body two","topics":[],"countries":[],"split":"test"}
            """);

        var rows = DatasetReader.Read(path, new DatasetSchema());

        Assert.Equal(2, rows.Count);
        Assert.Equal(["energy", "law"], rows[0].Labels);
        Assert.Equal(["KZ"], rows[0].Countries);
        Assert.Equal("KZ", rows[0].Primary);
        Assert.Equal("test", rows[1].Split);
        Assert.Equal(3, rows[1].Row);
    }

    [Fact]
    public void Should_NameTheRows_When_JsonIsMalformed()
    {
        using var temp = TestPaths.Temp();
        var path = temp.File("d.jsonl", "{\"id\":\"a\",\"text\":\"x\"}\n{broken\n{\"id\":\"c\",\"text\":\"y\"}\n[1,2]\n");

        var ex = Assert.Throws<DatasetException>(() => DatasetReader.Read(path, new DatasetSchema()));

        Assert.Equal([2, 4], ex.Rows);
        Assert.Contains("row 2: not valid JSON", ex.Message);
        Assert.Contains("row 4: JSON array, not an object", ex.Message);
        Assert.DoesNotContain("--", ex.Message); // issue #11: a library message never names a CLI flag
    }

    [Fact]
    public void Should_NameTheRows_When_TextIsMissing()
    {
        using var temp = TestPaths.Temp();
        var path = temp.File("d.jsonl", "{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"b\",\"title\":\"\",\"topics\":[]}\n");

        var ex = Assert.Throws<DatasetException>(() => DatasetReader.Read(path, new DatasetSchema()));

        Assert.Equal([2], ex.Rows);
        Assert.Contains("row 2", ex.Message);
        Assert.Contains("text", ex.Message);
        Assert.DoesNotContain("--", ex.Message);
    }

    [Fact]
    public void Should_ReadCsv_WithListsInACell_AndCustomTextFields()
    {
        using var temp = TestPaths.Temp();
        var path = temp.File("d.csv", "id,headline,body,tags\n1,\"Gas deal, signed\",\"Long body, with comma\",energy;diplomacy\n2,Other,Body,\n");

        var rows = DatasetReader.Read(path, new DatasetSchema { TextFields = ["headline", "body"], LabelField = "tags" });

        Assert.Equal("Gas deal, signed", rows[0].Title);
        Assert.Equal("Long body, with comma", rows[0].Text);
        Assert.Equal(["energy", "diplomacy"], rows[0].Labels);
        Assert.Empty(rows[1].Labels);
    }

    [Fact]
    public void Should_KeepOnlyMatchingRows_When_Filtered()
    {
        using var temp = TestPaths.Temp();
        var path = temp.File("d.jsonl", "{\"id\":\"a\",\"text\":\"x\",\"keep\":true}\n{\"id\":\"b\",\"text\":\"y\",\"keep\":false}\n");

        var rows = DatasetReader.Read(path, new DatasetSchema { Filter = ("keep", "true") });

        Assert.Equal("a", Assert.Single(rows).Id);
    }
}
