namespace NewsClassifier;

/// <summary>The kind of thing an entity names.</summary>
public enum EntityType
{
    /// <summary>A person: a president, a minister, a named official or citizen.</summary>
    Person,

    /// <summary>A place below country level: a city, region, field or landmark.</summary>
    Location,

    /// <summary>A company, ministry, parliament, agency or international body.</summary>
    Organization,

    /// <summary>A country named as such ("Kazakhstan", "the Kyrgyz Republic").</summary>
    Country,
}
