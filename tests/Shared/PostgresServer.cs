using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace HelpdeskBot.Tests.Shared;

/// <summary>
/// A private PostgreSQL server for tests and the load test: <c>initdb</c> into a temporary directory, <c>postgres</c> on a
/// free loopback port with its unix socket in that directory, fsync off (the data is thrown away), stopped and deleted on
/// dispose even when a test failed. Each caller gets fresh databases from <see cref="CreateDatabaseAsync"/>. The binaries
/// come from PATH or /usr/lib/postgresql/*/bin (Debian's <c>postgresql</c> package); as root they run as the
/// <c>postgres</c> user, since initdb and postgres refuse root. Linked into the test projects that need it.
/// </summary>
internal sealed class PostgresServer : IAsyncDisposable
{
    private const string SuperUser = "postgres";
    private readonly string _bin;
    private readonly string _directory;
    private readonly bool _asPostgresUser;
    private int _databases;

    private PostgresServer(string bin, string directory, int port, bool asPostgresUser)
    {
        _bin = bin;
        _directory = directory;
        Port = port;
        _asPostgresUser = asPostgresUser;
    }

    public int Port { get; }

    private string DataDirectory => Path.Combine(_directory, "data");

    private string LogFile => Path.Combine(_directory, "server.log");

    /// <summary>A connection string to the server's <c>postgres</c> database as the superuser.</summary>
    public string AdminConnectionString => ConnectionString("postgres");

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = SuperUser,
        Database = database,
        // Npgsql's defaults otherwise (15 s to connect or wait for a pooled connection, a pool of 100 per process).
        CommandTimeout = 30,
    }.ConnectionString;

    public static async Task<PostgresServer> StartAsync()
    {
        var bin = FindBinaries();
        var directory = Path.Combine(Path.GetTempPath(), "helpdesk-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        var asPostgresUser = Environment.UserName == "root";
        var server = new PostgresServer(bin, directory, FreePort(), asPostgresUser);
        try
        {
            if (asPostgresUser)
            {
                await RunAsync("chown", ["-R", SuperUser, directory], asUser: false);
            }

            await server.RunToolAsync("initdb", ["-D", server.DataDirectory, "-U", SuperUser, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
            await server.PgCtlAsync("start");
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>A new, empty database; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"helpdesk_{Interlocked.Increment(ref _databases)}";
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    /// <summary><c>pg_ctl restart -m fast</c>: every session is cut, the server is back when this returns.</summary>
    public Task RestartAsync() => PgCtlAsync("restart");

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            try
            {
                await RunToolAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"]);
            }
            catch (InvalidOperationException)
            {
                // Already stopped; the directory goes anyway.
            }
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held for a moment; it is in the temp directory.
        }
    }

    private Task PgCtlAsync(string action)
    {
        var options = $"-p {Port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off " +
            "-c full_page_writes=off -c max_connections=300 -c shared_buffers=32MB";
        return RunToolAsync("pg_ctl", ["-D", DataDirectory, "-o", options, "-l", LogFile, "-m", "fast", "-w", "-t", "60", action]);
    }

    private Task RunToolAsync(string tool, IReadOnlyList<string> arguments) =>
        _asPostgresUser
            ? RunAsync("runuser", ["-u", SuperUser, "--", Path.Combine(_bin, tool), .. arguments], asUser: true, LogFile)
            : RunAsync(Path.Combine(_bin, tool), arguments, asUser: false, LogFile);

    private static async Task RunAsync(string file, IReadOnlyList<string> arguments, bool asUser, string? log = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // runuser keeps the caller's working directory, which the postgres user may not be allowed to enter.
            WorkingDirectory = asUser ? "/" : Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            var serverLog = log is not null && File.Exists(log) ? await File.ReadAllTextAsync(log) : "";
            throw new InvalidOperationException(
                $"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output}{await error}{serverLog}");
        }
    }

    private static string FindBinaries()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "pg_ctl"))
            .FirstOrDefault(File.Exists);
        if (onPath is not null && File.Exists(Path.Combine(Path.GetDirectoryName(ResolveLink(onPath))!, "initdb")))
        {
            return Path.GetDirectoryName(ResolveLink(onPath))!;
        }

        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "pg_ctl")) && File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        return debian ?? throw new InvalidOperationException(
            "PostgreSQL is not installed: the tests need initdb, pg_ctl and postgres (Debian package 'postgresql': apt-get install postgresql).");
    }

    private static string ResolveLink(string path) =>
        new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
