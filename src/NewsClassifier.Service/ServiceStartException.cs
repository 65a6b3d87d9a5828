namespace NewsClassifier.Service;

/// <summary>The service cannot start as configured; the message says what to do.</summary>
public sealed class ServiceStartException : Exception
{
    private ServiceStartException(string message) : base(message)
    {
    }

    /// <summary>Authentication is on and no API key exists anywhere.</summary>
    public static ServiceStartException NoKeys(string keysFile) =>
        new($"No API keys are configured (none in {keysFile} nor in Service:Keys). Add one with 'newsclf keys add NAME', or serve with --no-auth on a loopback address.");
}
