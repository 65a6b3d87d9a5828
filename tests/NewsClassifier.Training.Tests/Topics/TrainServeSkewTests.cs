using NewsClassifier.Training.Data;
using NewsClassifier.Training.Topics;

namespace NewsClassifier.Training.Tests.Topics;

/// <summary>Issue #11: training and inference featurise through one entry point, so the model is trained on what it will see.</summary>
public class TrainServeSkewTests
{
    [Fact]
    public void Should_GiveIdenticalTopicInputs_AtTrainingAndInference_When_TheTextHasCurlyQuotesNbspAndEntities()
    {
        // Given a story with curly quotes, no-break spaces and HTML entities
        var story = new LabeledStory(1, "skew-1", "Kazakhstan&#8217;s \u201Cgas\u201D deal",
            "Astana\u00A0signed &amp; ratified the \u2018pipeline\u2019 deal&nbsp;on Monday.", ["energy"], [], null, "train");
        var tagger = NewsTagger.LoadDefault();
        var builder = new TopicModelBuilder(TrainerKind.LinearSvm, new TopicFeaturization(UseLexicon: tagger.Card.UsesLexicon), seed: 1);

        // When featurised for training and for tagging
        var atTraining = builder.InputOf(story);
        var atInference = tagger.TopicInputOf(story.ToArticle());

        // Then the model inputs are identical, and cleaned
        Assert.Equal(atInference.Title, atTraining.Title);
        Assert.Equal(atInference.Text, atTraining.Text);
        Assert.Equal(atInference.Lexicon, atTraining.Lexicon);
        Assert.DoesNotContain("&amp;", atTraining.Text);
        Assert.DoesNotContain("\u00A0", atTraining.Text);
        Assert.DoesNotContain("\u201C", atTraining.Title);
    }
}
