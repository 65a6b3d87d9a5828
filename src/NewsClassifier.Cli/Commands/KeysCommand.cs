using System.CommandLine;
using System.Text;
using NewsClassifier.Service;

namespace NewsClassifier.Cli.Commands;

/// <summary>newsclf keys: makes API keys for the service (the key is printed once; only its hash is stored).</summary>
internal static class KeysCommand
{
    public static Command Build(CliContext context)
    {
        var name = new Argument<string>("NAME") { Description = "The key's name, used in logs and metrics (letters, digits, '-', '_', '.')." };
        var role = new Option<string>("--role") { Description = "tagger (tag and read the model), editor (also the editors' pages) or admin (also reload the model).", DefaultValueFactory = _ => ServiceRoles.Tagger };
        role.AcceptOnlyFromAmong([.. ServiceRoles.All]);
        var keysFile = new Option<string?>("--keys-file") { Description = "The keys file (default: ~/.config/newsclf/keys.json)." };
        var add = new Command("add", "Make a new API key: prints it once and stores its SHA-256 (a key of the same name is replaced).") { name, role, keysFile };
        add.SetAction(async (parse, cancellationToken) =>
        {
            var keyName = parse.GetValue(name)!;
            if (!ApiKeyFile.IsValidName(keyName))
            {
                throw new UsageException($"'{keyName}' is not a usable key name: use 1-64 letters, digits, '-', '_' or '.'.");
            }
            var path = parse.GetValue(keysFile) ?? ApiKeyFile.DefaultPath;
            string key;
            try
            {
                key = ApiKeyFile.Add(path, keyName, parse.GetValue(role)!);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                await context.Stderr.WriteLineAsync($"newsclf: cannot add the key to {path}: {ex.Message}");
                return ExitCodes.CannotCreate;
            }
            await context.Stdout.WriteAsync(Encoding.UTF8.GetBytes(key + "\n"), cancellationToken);
            await context.Stdout.FlushAsync(cancellationToken);
            await context.Stderr.WriteLineAsync($"newsclf: key '{keyName}' ({parse.GetValue(role)}) added to {path}. It is shown only now; store it where its user can read it.");
            return ExitCodes.Success;
        });
        return new Command("keys", "Manage the service's API keys.") { add };
    }
}
