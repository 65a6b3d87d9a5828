using System.CommandLine;
using System.Text;
using NewsClassifier.Service;

namespace NewsClassifier.Cli.Commands;

/// <summary>newsclf serve: the HTTP tagging service. Parses its flags into configuration keys; NewsService does the rest.</summary>
internal static class ServeCommand
{
    public static Command Build(CliContext context)
    {
        var urls = new Option<string?>("--urls") { Description = $"Addresses to listen on, ';'-separated (default {ServiceSettings.DefaultUrls}; HTTPS through Kestrel configuration)." };
        var model = new Option<string?>("--model") { Description = "A model folder, or a pointer to one (a file holding a folder path, or a symbolic link) that is watched for hot swaps. Default: the shipped model." };
        var noAuth = new Option<bool>("--no-auth") { Description = "Serve without API keys, for local use: refused unless every address is loopback." };
        var keysFile = new Option<string?>("--keys-file") { Description = "The API key hashes file (default: ~/.config/newsclf/keys.json)." };
        var store = LoopCommands.StoreOption();
        var command = new Command("serve", "Serve tagging over HTTP (/v1/tag, /v1/tag/batch, /v1/pages, /v1/model, /healthz, /readyz, /metrics).")
        {
            urls, model, noAuth, keysFile, store,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            // Flags are the last configuration layer, after appsettings.json and Service__* environment variables.
            var flags = new Dictionary<string, string?>();
            Set(flags, nameof(ServiceSettings.Urls), parse.GetValue(urls));
            Set(flags, nameof(ServiceSettings.Model), parse.GetValue(model));
            Set(flags, nameof(ServiceSettings.KeysFile), parse.GetValue(keysFile));
            Set(flags, nameof(ServiceSettings.Store), parse.GetValue(store));
            if (parse.GetValue(noAuth))
            {
                Set(flags, nameof(ServiceSettings.NoAuth), "true");
            }
            ServiceSettings settings;
            try
            {
                settings = NewsService.ReadSettings(Directory.GetCurrentDirectory(), flags);
            }
            catch (ArgumentException ex)
            {
                throw new UsageException(ex.Message);
            }
            using var console = new StreamWriter(context.Stdout, new UTF8Encoding(false), leaveOpen: true) { AutoFlush = true };
            try
            {
                await NewsService.RunAsync(settings, console, cancellationToken);
            }
            catch (ServiceStartException ex)
            {
                await context.Stderr.WriteLineAsync($"newsclf: {ex.Message}");
                return ExitCodes.Failure;
            }
            catch (IOException ex) when (ex.InnerException is System.Net.Sockets.SocketException || ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await context.Stderr.WriteLineAsync($"newsclf: cannot listen: {ex.Message}");
                return ExitCodes.Failure;
            }
            // SIGTERM and Ctrl+C end here after the drain: a clean stop.
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Set(Dictionary<string, string?> flags, string name, string? value)
    {
        if (value is not null)
        {
            flags[$"{ServiceSettings.SectionName}:{name}"] = value;
        }
    }
}
