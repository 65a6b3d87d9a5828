using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace NewsClassifier.Desk.Tests.Store;

/// <summary>
/// A throwaway PostgreSQL cluster for the test run: initdb into a temporary folder, started on a free loopback
/// port with its socket in that folder, stopped and deleted afterwards. Unavailable (tests skip) when the
/// PostgreSQL binaries are not installed.
/// </summary>
public sealed class PostgresCluster : IDisposable
{
    private readonly string? _folder;
    private readonly string? _bin;
    private readonly string? _runAs;
    private int _databases;

    public PostgresCluster()
    {
        _bin = FindBinaries();
        if (_bin is null)
        {
            Why = "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb); .ci/run installs the 'postgresql' package";
            return;
        }
        // initdb refuses to run as root: run the server as the 'postgres' system user then.
        _runAs = Environment.UserName == "root" ? "postgres" : null;
        _folder = Path.Combine(Path.GetTempPath(), $"newsclf-pg-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_folder);
        try
        {
            if (_runAs is not null)
            {
                Run("chown", $"{_runAs} {_folder}");
            }
            var data = Path.Combine(_folder, "data");
            Port = FreePort();
            RunAsOwner(Path.Combine(_bin, "initdb"), $"-D {data} -A trust -U postgres --no-sync -E UTF8 --locale=C.UTF-8");
            RunAsOwner(Path.Combine(_bin, "pg_ctl"), $"-D {data} -l {Path.Combine(_folder, "log")} -w -t 60 -o \"-p {Port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off\" start");
            Available = true;
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            Why = "could not start a throwaway PostgreSQL cluster: " + ex.Message;
            Dispose();
        }
    }

    /// <summary>True when the cluster is up.</summary>
    public bool Available { get; }

    /// <summary>Why it is not, for the skip message.</summary>
    public string Why { get; } = "";

    /// <summary>The loopback port it listens on.</summary>
    public int Port { get; }

    /// <summary>Creates an empty database for one test and returns its connection string.</summary>
    public string NewDatabase()
    {
        var name = $"t{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}"[..20];
        using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = $"CREATE DATABASE {name}"; // name is generated here, never from input
            create.ExecuteNonQuery();
        }
        return ConnectionString(name);
    }

    private string ConnectionString(string database) => $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true";

    public void Dispose()
    {
        if (_folder is null || !Directory.Exists(_folder))
        {
            return;
        }
        NpgsqlConnection.ClearAllPools();
        var data = Path.Combine(_folder, "data");
        if (_bin is not null && File.Exists(Path.Combine(data, "postmaster.pid")))
        {
            try
            {
                RunAsOwner(Path.Combine(_bin, "pg_ctl"), $"-D {data} -m immediate -w stop");
            }
            catch (InvalidOperationException)
            {
                // Already gone; the folder is removed below either way.
            }
        }
        Directory.Delete(_folder, recursive: true);
    }

    private static string? FindBinaries()
    {
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
        {
            return null;
        }
        return Directory.GetDirectories(root).Select(d => Path.Combine(d, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb")))
            .OrderByDescending(b => b, StringComparer.Ordinal).FirstOrDefault();
    }

    private void RunAsOwner(string program, string arguments)
    {
        if (_runAs is null)
        {
            Run(program, arguments);
        }
        else
        {
            Run("runuser", $"-u {_runAs} -- {program} {arguments}");
        }
    }

    private static void Run(string program, string arguments)
    {
        var info = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/tmp" };
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start");
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(90_000))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{program} took more than 90 s");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} exited {process.ExitCode}: {stderr.Result.Trim()}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>One cluster shared by every PostgreSQL test class.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "postgres";
}
