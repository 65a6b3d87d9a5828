using NewsClassifier.Internal.Entities;

namespace NewsClassifier.Tests.Entities;

public class AveragedPerceptronTests
{
    private static readonly ulong[][] Examples = [[1, 10], [1, 11], [2, 10], [2, 12], [3, 11], [3, 12]];
    private static readonly int[] Classes = [0, 0, 1, 1, 2, 2];

    private static AveragedPerceptron Trained()
    {
        var model = new AveragedPerceptron(3);
        for (var epoch = 0; epoch < 10; epoch++)
        {
            for (var k = 0; k < Examples.Length; k++)
            {
                var scores = new float[3];
                model.Score(Examples[k], scores);
                model.Update(Examples[k], Classes[k], AveragedPerceptron.ArgMax(scores));
            }
        }
        model.Average();
        return model;
    }

    [Fact]
    public void Should_LearnASeparableProblem()
    {
        var model = Trained();

        for (var k = 0; k < Examples.Length; k++)
        {
            var scores = new float[3];
            model.Score(Examples[k], scores);
            Assert.Equal(Classes[k], AveragedPerceptron.ArgMax(scores));
        }
    }

    [Fact]
    public void Should_ScoreTheSameAndWriteTheSameBytes_When_SavedAndReloaded()
    {
        // Given a trained model saved once
        var model = Trained();
        using var first = new MemoryStream();
        model.Save(first);

        // When it is reloaded and saved again
        first.Position = 0;
        var reloaded = AveragedPerceptron.Load(first);
        using var second = new MemoryStream();
        reloaded.Save(second);

        // Then it scores every example the same, and the bytes (hence the card's checksum) do not change
        Assert.Equal(first.ToArray(), second.ToArray());
        foreach (var example in Examples)
        {
            var a = new float[3];
            var b = new float[3];
            model.Score(example, a);
            reloaded.Score(example, b);
            Assert.Equal(a, b);
        }
    }

    [Fact]
    public void Should_RefuseBytesThatAreNotAnEntityModel()
    {
        using var junk = new MemoryStream();
        using (var zip = new System.IO.Compression.GZipStream(junk, System.IO.Compression.CompressionMode.Compress, leaveOpen: true))
        {
            zip.Write("not a model at all"u8);
        }
        junk.Position = 0;

        Assert.Throws<InvalidDataException>(() => AveragedPerceptron.Load(junk));
    }
}
