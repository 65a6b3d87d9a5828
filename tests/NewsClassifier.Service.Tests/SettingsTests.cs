namespace NewsClassifier.Service.Tests;

/// <summary>Configuration (issue #12): appsettings.json, then environment variables, then flags; bad values refused by name.</summary>
public class SettingsTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Should_LayerFlagsOverEnvironmentOverAppsettings_When_SettingsAreRead()
    {
        // Given appsettings.json, an environment variable and a flag that disagree
        File.WriteAllText(Path.Combine(_folder.Path, "appsettings.json"), $$"""
            {
              "Service": {
                "Urls": "http://127.0.0.1:6000",
                "BurstPerKey": 11,
                "RequestsPerSecondPerKey": 7.5,
                "CorsOrigins": ["https://cms.example.org"],
                "Keys": [ { "Name": "cms", "Role": "editor", "Sha256": "{{ApiKeyFile.Hash("k")}}" } ]
              }
            }
            """);
        Environment.SetEnvironmentVariable("Service__BurstPerKey", "22");
        try
        {
            // When the settings are read with a flag
            var settings = NewsService.ReadSettings(_folder.Path, new Dictionary<string, string?> { ["Service:Urls"] = "http://127.0.0.1:7000" });

            // Then each value comes from the last layer that sets it
            Assert.Equal("http://127.0.0.1:7000", settings.Urls);
            Assert.Equal(22, settings.BurstPerKey);
            Assert.Equal(7.5, settings.RequestsPerSecondPerKey);
            Assert.Equal(["https://cms.example.org"], settings.CorsOrigins);
            var key = Assert.Single(settings.Keys);
            Assert.Equal(("cms", ServiceRoles.Editor), (key.Name, key.Role));
            Assert.Equal(new ServiceSettings().MaxStoryBytes, settings.MaxStoryBytes);
        }
        finally
        {
            Environment.SetEnvironmentVariable("Service__BurstPerKey", null);
        }
    }

    [Fact]
    public void Should_NameTheSetting_When_AConfiguredSettingDoesNotExist()
    {
        File.WriteAllText(Path.Combine(_folder.Path, "appsettings.json"), """{ "Service": { "MaxStroyBytes": 10 } }""");

        var error = Assert.Throws<ArgumentException>(() => NewsService.ReadSettings(_folder.Path));

        Assert.Contains("MaxStroyBytes", error.Message);
    }

    [Theory]
    [InlineData("Threads", "0")]
    [InlineData("MaxStoryBytes", "-1")]
    [InlineData("RequestTimeoutSeconds", "0")]
    [InlineData("Urls", "ftp://127.0.0.1:21")]
    [InlineData("MaxBatchBytes", "1000")]
    public void Should_RefuseTheValueByName_When_ASettingIsOutOfRange(string name, string value)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() =>
            NewsService.ReadSettings(_folder.Path, new Dictionary<string, string?> { [$"Service:{name}"] = value }));

        Assert.Contains(name, error.Message);
    }
}
