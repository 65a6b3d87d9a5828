namespace NewsClassifier.Desk.Tests.Loop;

/// <summary>Issue 13: versions side by side, a pointer the service follows, promote and rollback.</summary>
public sealed class ModelRegistryTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("newsclf-registry-").FullName;

    private ModelRegistry WithVersions(params string[] versions)
    {
        var registry = new ModelRegistry(_root);
        foreach (var v in versions)
        {
            var source = Directory.CreateDirectory(Path.Combine(_root, "..", $"src-{Guid.NewGuid():N}")).FullName;
            File.WriteAllText(Path.Combine(source, "model-card.json"), $"{{\"name\":\"{v}\"}}");
            registry.Add(v, source);
            Directory.Delete(source, recursive: true);
        }
        return registry;
    }

    [Fact]
    public void Should_WriteAPointerRelativeToTheRegistry_When_Promoted()
    {
        // Given two versions
        var registry = WithVersions("v1", "v2");

        // When v1 then v2 are promoted
        registry.Promote("v1");
        registry.Promote("v2");

        // Then 'current' holds "versions/v2" (the pointer format the service resolves against its own folder)
        Assert.Equal("versions/v2", File.ReadAllText(registry.PointerPath).Trim());
        Assert.Equal("v2", registry.Current);
        Assert.Equal(Path.Combine(_root, "versions", "v2"), registry.CurrentFolder);
        Assert.Equal(["v1"], registry.History());
        Assert.Empty(Directory.GetFiles(_root, "*.tmp"));
    }

    [Fact]
    public void Should_ReturnToThePreviousVersion_When_RolledBack()
    {
        // Given v1, v2, v3 promoted in turn
        var registry = WithVersions("v1", "v2", "v3");
        registry.Promote("v1");
        registry.Promote("v2");
        registry.Promote("v3");

        // When rolled back twice
        var first = registry.Rollback();
        var second = registry.Rollback();

        // Then the pointer walks back through history, and a third rollback is refused
        Assert.Equal(("v2", "v1"), (first, second));
        Assert.Equal("v1", registry.Current);
        Assert.Throws<RegistryException>(registry.Rollback);
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData(".hidden")]
    [InlineData("a/b")]
    [InlineData("")]
    public void Should_RefuseTheName_When_ItIsNotAPlainFolderName(string name)
    {
        // Given a registry
        var registry = WithVersions("v1");

        // When / Then promoting or adding such a name is refused, and nothing changes
        Assert.Throws<RegistryException>(() => registry.Promote(name));
        Assert.Null(registry.Current);
    }

    [Fact]
    public void Should_RefuseUnknownOrTakenVersions_When_PromotingOrAdding()
    {
        // Given a registry with v1 served
        var registry = WithVersions("v1");
        registry.Promote("v1");

        // When / Then an unknown version cannot be promoted and v1 cannot be overwritten
        var unknown = Assert.Throws<RegistryException>(() => registry.Promote("v9"));
        Assert.Contains("v1", unknown.Message);
        Assert.Throws<RegistryException>(() => WithVersions("v1"));
        Assert.Equal("v1", registry.Current);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
