namespace NewsClassifier.Tests.Language;

/// <summary>Issue 15, case 25: Russian or Kazakh stories got empty tags with no note, like emoji-only input.</summary>
[Collection(ShippedModelCollection.Name)]
public class LanguageDetectorTests(ShippedModelFixture model)
{
    // Short news-like sentences written for these tests, one per language.
    public static TheoryData<string, string> Stories => new()
    {
        { "ru", "Правительство объявило о новом проекте строительства дороги между двумя городами. Работы начнутся весной, а завершить их планируют через три года." },
        { "kk", "Үкімет екі қаланың арасында жаңа жол салу жобасын жариялады. Құрылыс жұмыстары көктемде басталып, үш жылдан кейін аяқталады." },
        { "ky", "Өкмөт эки шаардын ортосунда жаңы жол куруу долбоорун жарыялады. Курулуш иштери жазында башталат." },
        { "uz", "Ҳукумат икки шаҳар ўртасида янги йўл қуриш лойиҳасини эълон қилди. Ишлар баҳорда бошланади." },
        { "tg", "Ҳукумат лоиҳаи нави сохтмони роҳро миёни ду шаҳр эълон кард. Корҳо дар баҳор оғоз мешаванд ва то се сол анҷом меёбанд." },
        { "uk", "Уряд оголосив про новий проєкт будівництва дороги між двома містами. Роботи розпочнуться навесні." },
        { "fr", "Le gouvernement a annoncé un nouveau projet de route entre les deux villes. Les travaux commenceront au printemps et doivent durer trois ans selon le ministère." },
        { "de", "Die Regierung hat ein neues Straßenprojekt zwischen den beiden Städten angekündigt. Die Arbeiten beginnen im Frühjahr und sollen drei Jahre dauern." },
        { "es", "El gobierno anunció un nuevo proyecto de carretera entre las dos ciudades. Las obras comenzarán en primavera y durarán tres años, según el ministerio." },
        { "tr", "Hükümet iki şehir arasında yeni bir yol projesi açıkladı. Bu proje için ilk çalışmalar ilkbaharda başlayacak ve bakanlık tarafından yapılan açıklamaya göre üç yıl kadar sürecek." },
        { "uz", "Hukumat ikki shahar o'rtasida yangi yo'l qurish loyihasini e'lon qildi. Bu loyiha uchun ishlar bahorda boshlanadi va vazirlik bilan kelishilgan holda uch yil davom etadi." },
        { "ar", "أعلنت الحكومة عن مشروع طريق جديد بين المدينتين، وستبدأ الأعمال في الربيع." },
        { "zh", "政府宣布在两座城市之间修建一条新公路，工程将于春季开工。" },
        { "und", "🎉🎉🔥 👍 12 34" },
    };

    [Theory]
    [MemberData(nameof(Stories))]
    public void Should_NameTheLanguage_When_AStoryIsNotInEnglish(string expected, string text)
    {
        // Given a short story in a language other than English; When its language is detected; Then it is named.
        Assert.Equal(expected, NewsIntake.DetectLanguage(text).Code);
    }

    [Theory]
    [InlineData("Kazakhstan signs gas deal", "")]
    [InlineData("Officials in Osh discussed the water supply", "The mayor said the pipes would be replaced by autumn.")]
    [InlineData("Banco de la Nación lends to Tashkent", "Juan de la Cruz, head of the Banco de la Nación, said the loan to the city of Tashkent was signed on Monday.")]
    [InlineData("Van der Berg visits Almaty", "Dutch minister Pieter van der Berg met officials in Almaty and said trade would grow.")]
    public void Should_SayEnglish_When_AnEnglishStoryHasForeignNames(string title, string text)
    {
        Assert.Equal("en", NewsIntake.DetectLanguage(text, title).Code);
    }

    [Fact]
    public void Should_WarnButStillTag_When_TheStoryIsInRussian()
    {
        // Given a Russian story; When it is tagged.
        var result = model.Tagger.Tag(new NewsArticle("ru-1", Stories.First(r => (string)r[0] == "ru")[1].ToString()!));

        // Then it is tagged and carries the warning the output contract names.
        Assert.True(result.Succeeded);
        Assert.Equal(["language: ru (not supported; tags are unreliable)"], result.Warnings);
    }

    [Fact]
    public void Should_RefuseTheStory_When_UnsupportedLanguagesAreSkipped()
    {
        var tagger = model.Tagger.With(new TaggerOptions { SkipUnsupportedLanguage = true });

        var result = tagger.Tag(new NewsArticle("kk-1", Stories.First(r => (string)r[0] == "kk")[1].ToString()!));

        Assert.False(result.Succeeded);
        Assert.StartsWith("language: kk (Kazakh, not supported", result.Error);
    }

    [Fact]
    public void Should_CarryNoWarning_When_TheStoryIsInEnglish()
    {
        var result = model.Tagger.Tag(new NewsArticle("en-1", "Kazakhstan and Uzbekistan signed a deal on water from the Syr Darya, officials said on Monday.", "Water deal signed"));

        Assert.Empty(result.Warnings);
    }
}
