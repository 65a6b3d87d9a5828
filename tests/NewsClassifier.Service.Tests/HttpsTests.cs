using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace NewsClassifier.Service.Tests;

/// <summary>HTTPS through Kestrel's standard configuration (issue #12): the README's appsettings.json example works.</summary>
public class HttpsTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Should_ServeHttps_When_AppsettingsNamesACertificate()
    {
        // Given a self-signed certificate as PEM files and the README's Kestrel section pointing at them
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        await File.WriteAllTextAsync(Path.Combine(_folder.Path, "cert.pem"), certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(Path.Combine(_folder.Path, "key.pem"), rsa.ExportPkcs8PrivateKeyPem());
        var port = FreePort();
        await File.WriteAllTextAsync(Path.Combine(_folder.Path, "appsettings.json"), $$"""
            {
              "Kestrel": {
                "Endpoints": {
                  "Https": {
                    "Url": "https://127.0.0.1:{{port}}",
                    "Certificate": { "Path": "cert.pem", "KeyPath": "key.pem" }
                  }
                }
              }
            }
            """);

        // When the service is built with that folder as its content root
        await using var app = NewsService.Build(TestKeys.Settings(), contentRoot: _folder.Path);
        await app.StartAsync();
        using var handler = new HttpClientHandler
        {
            // Trust exactly this certificate, nothing else.
            ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == certificate.Thumbprint,
        };
        using var client = new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{port}") };
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestKeys.Tagger);
        var response = await client.PostAsync("/v1/tag", Bodies.Story("tls", Bodies.PipelineTitle, Bodies.PipelineText));

        // Then it answers over TLS
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"https://127.0.0.1:{port}", app.Urls);
        await app.StopAsync();
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
