using System.Net.Http.Json;
using NewsClassifier.Desk.Tests.Service;
using NewsClassifier.Service;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Interactions;
using OpenQA.Selenium.Support.UI;

namespace NewsClassifier.Desk.Tests.Browser;

/// <summary>
/// Issue 13: the review page in headless Chromium (Debian's chromium and chromium-driver, driven by Selenium), against
/// the real server process. Skipped when the browser is not installed; nothing is downloaded.
/// </summary>
public sealed class DeskBrowserTests : IDisposable
{
    private const string Chromium = "/usr/bin/chromium";
    private const string ChromeDriver = "/usr/bin/chromedriver";
    private readonly string _folder = Directory.CreateTempSubdirectory("newsclf-browser-").FullName;

    private static void SkipWithoutBrowser() =>
        Skip.IfNot(File.Exists(Chromium) && File.Exists(ChromeDriver), "chromium and chromium-driver are not installed (.ci/run installs them)");

    private ChromeDriver Browser()
    {
        Environment.SetEnvironmentVariable("SE_OFFLINE", "true"); // Selenium Manager must never fetch a driver or a browser
        var options = new ChromeOptions { BinaryLocation = Chromium };
        options.AddArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-dev-shm-usage", "--window-size=1400,1000", $"--user-data-dir={Path.Combine(_folder, "profile")}");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriver)!, Path.GetFileName(ChromeDriver));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    private (string Store, string KeysFile, string Key) Setup()
    {
        var keysFile = Path.Combine(_folder, "keys.json");
        var key = ApiKeyFile.Add(keysFile, "aigerim", ServiceRoles.Editor);
        return (Path.Combine(_folder, "desk.db"), keysFile, key);
    }

    private static WebDriverWait Wait(IWebDriver driver) => new(driver, TimeSpan.FromSeconds(20));

    private static void Keys(IWebDriver driver, string keys) => new Actions(driver).SendKeys(keys).Perform();

    private static void SignIn(IWebDriver driver, string baseUrl, string key)
    {
        driver.Navigate().GoToUrl(baseUrl + "/");
        Wait(driver).Until(d => d.FindElement(By.Id("login-key")).Displayed);
        // The key field has the focus on load: type the key and press Enter, no mouse.
        Keys(driver, key + OpenQA.Selenium.Keys.Enter);
        Wait(driver).Until(d => d.FindElement(By.Id("desk")).Displayed);
    }

    private static void PasteWithKeyboard(IWebDriver driver, string text)
    {
        Keys(driver, "n");
        Keys(driver, text);
        new Actions(driver).KeyDown(OpenQA.Selenium.Keys.Control).SendKeys(OpenQA.Selenium.Keys.Enter).KeyUp(OpenQA.Selenium.Keys.Control).Perform();
    }

    [SkippableFact]
    public async Task Should_SaveTheEditorsCorrection_When_AStoryIsReviewedWithTheKeyboardOnly()
    {
        SkipWithoutBrowser();

        // Given the server with an editor's key, and the page open in Chromium, signed in with the keyboard
        var (store, keysFile, key) = Setup();
        var tagger = ApiKeyFile.Add(keysFile, "cms", ServiceRoles.Tagger);
        using var server = await ServerProcess.StartAsync(_folder, "--store", store, "--keys-file", keysFile);
        await SendForReview(server.BaseUrl, tagger);
        using var driver = Browser();
        SignIn(driver, server.BaseUrl, key);
        Wait(driver).Until(d => d.FindElements(By.CssSelector("#stories li")).Count == QueuedStories.Length);

        // When a story is pasted and tagged (n, the text, Ctrl+Enter)
        PasteWithKeyboard(driver, PageCalls.PipelineTitle + "\n" + PageCalls.PipelineText);
        // The first queued story may still be on screen: wait for the pasted one, whose tags the page then redraws.
        var wait = Wait(driver);
        wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException));
        wait.Until(d => d.FindElement(By.Id("story-title")).Text.Contains("Atyrau", StringComparison.Ordinal)
                        && d.FindElements(By.CssSelector("#topics li")).Count == 4);

        // Then the suggested tags are shown with scores, bands and the linked entities
        var suggested = wait.Until(d => d.FindElements(By.CssSelector("#topics li.on")).Select(li => li.GetAttribute("data-topic")).ToList());
        Assert.Contains("energy", suggested);
        Assert.Contains("KZ", driver.FindElements(By.CssSelector("#countries li.on")).Select(li => li.GetAttribute("data-country")));
        Assert.NotEmpty(driver.FindElements(By.CssSelector("#story-text mark.ent")));
        Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots"));
        driver.GetScreenshot().SaveAsFile(Path.Combine(AppContext.BaseDirectory, "screenshots", "desk.png"));

        // When the editor toggles safety (2), toggles it again and undoes that (2, 2, u), marks the first name wrong (e, x) and saves (Enter)
        Keys(driver, "2");
        Keys(driver, "2");
        Keys(driver, "u");
        Keys(driver, "e");
        Keys(driver, "x");
        Keys(driver, OpenQA.Selenium.Keys.Enter);
        Wait(driver).Until(d => d.FindElement(By.Id("status")).Text.StartsWith("Saved decision", StringComparison.Ordinal));

        // Then the store holds the decision: the editor's name, safety flipped from the suggestion, the marked name
        await using var opened = await FeedbackStore.OpenAsync(store);
        var reviewed = new List<ReviewedStory>();
        await foreach (var r in opened.ReviewedAsync())
        {
            reviewed.Add(r);
        }
        var decision = Assert.Single(reviewed).Decision;
        Assert.Equal("aigerim", decision.Editor);
        var expected = suggested.Contains("safety") ? suggested.Where(t => t != "safety") : suggested.Append("safety");
        Assert.Equal(expected.Order(StringComparer.Ordinal), decision.FinalTopics);
        Assert.Single(decision.WrongEntities);
        Assert.StartsWith("corpus-", decision.ModelVersion);
        Assert.Equal(4, decision.ScoresSeen.Count);
    }

    /// <summary>Three short stories written for this test, sent by a content system with "review": true.</summary>
    private static readonly (string Title, string Text)[] QueuedStories =
    [
        ("Uzbek and Kyrgyz ministers sign water-sharing protocol", "TASHKENT - The water ministers of Uzbekistan and Kyrgyzstan signed a protocol on summer releases from the Toktogul reservoir on Friday, officials said."),
        ("Fire at Bishkek market leaves two injured", "BISHKEK - A fire broke out at a clothing market in the Kyrgyz capital on Sunday, injuring two traders, the emergencies ministry said."),
        ("Court in Dushanbe jails ex-official for bribery", "DUSHANBE - A court in Tajikistan sentenced a former deputy minister to nine years in prison for taking bribes in a road tender, prosecutors said."),
    ];

    private static async Task SendForReview(string baseUrl, string taggerKey)
    {
        using var cms = new HttpClient { BaseAddress = new Uri(baseUrl) };
        cms.DefaultRequestHeaders.Authorization = new("Bearer", taggerKey);
        for (var i = 0; i < QueuedStories.Length; i++)
        {
            (await cms.PostAsJsonAsync("/v1/tag", new { id = $"cms-{i + 1}", title = QueuedStories[i].Title, text = QueuedStories[i].Text, review = true })).EnsureSuccessStatusCode();
        }
    }

    [SkippableFact]
    public async Task Should_ShowMarkupAsText_When_AStoryHoldsScriptOrAttributeInjection()
    {
        SkipWithoutBrowser();

        // Given a story sent for review through the API whose title and text carry markup
        var (store, keysFile, key) = Setup();
        var tagger = ApiKeyFile.Add(keysFile, "cms", ServiceRoles.Tagger);
        using var server = await ServerProcess.StartAsync(_folder, "--store", store, "--keys-file", keysFile);
        const string title = "<script>window.__xss = 1</script> Pipeline fined in Kazakhstan";
        const string text = "The regulator in Astana fined the operator \" onmouseover=\"window.__xss = 2\" x=\" after a leak. <img src=x onerror=\"window.__xss = 3\"> The ministry said so.";
        using (var cms = new HttpClient { BaseAddress = new Uri(server.BaseUrl) })
        {
            cms.DefaultRequestHeaders.Authorization = new("Bearer", tagger);
            (await cms.PostAsJsonAsync("/v1/tag", new { id = "xss-1", title, text, review = true })).EnsureSuccessStatusCode();
        }

        // When an editor opens the review queue, and also pastes the same markup
        using var driver = Browser();
        SignIn(driver, server.BaseUrl, key);
        Wait(driver).Until(d => d.FindElement(By.Id("story-title")).Text.Contains("Pipeline fined", StringComparison.Ordinal));
        var queuedTitle = driver.FindElement(By.Id("story-title")).Text;
        var queuedText = driver.FindElement(By.Id("story-text")).Text;
        // The story's own characters: text nodes, and the first text node of each entity mark (its <sup> is the linked country).
        var shownText = (string?)((IJavaScriptExecutor)driver).ExecuteScript(
            "return Array.from(document.getElementById('story-text').childNodes).map(n => n.nodeType === 3 ? n.textContent : n.firstChild.textContent).join('');");
        new Actions(driver).MoveToElement(driver.FindElement(By.Id("story-text"))).Perform();
        PasteWithKeyboard(driver, "<b onmouseover=\"window.__xss = 4\">Bold</b> Gas talks in Tashkent\n" + text);
        Wait(driver).Until(d => d.FindElement(By.Id("story-title")).Text.Contains("Gas talks", StringComparison.Ordinal));

        // Then the markup is shown as text, no element was made from it, and no script ran
        await using var opened = await FeedbackStore.OpenAsync(store);
        Assert.Equal(title, queuedTitle);
        Assert.Equal((await opened.GetStoryAsync("xss-1"))!.Text, shownText);
        Assert.Contains("onmouseover=\"window.__xss = 2\"", queuedText);
        Assert.StartsWith("<b onmouseover=", driver.FindElement(By.Id("story-title")).Text);
        Assert.Empty(driver.FindElements(By.CssSelector("#story-text img, #story-text b, #story-title b, #stories script, #stories img")));
        Assert.Single(driver.FindElements(By.TagName("script")));
        Assert.Null(((IJavaScriptExecutor)driver).ExecuteScript("return window.__xss === undefined ? null : window.__xss;"));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still be closing its profile; the temp folder is cleaned by the system later.
        }
    }
}
