using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace StoreGen.Postgres.Tests;

/// <summary>
/// A PostgreSQL 15 cluster of the test's own (initdb into a temporary directory, a free loopback port), so a test can
/// stop and restart the server without disturbing the shared one. Runs the server as the postgres user when root.
/// </summary>
public sealed class PrivateCluster : IAsyncDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "storegen-pg-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly int _port = FreePort();

    public string ConnectionString => $"Host=127.0.0.1;Port={_port};Username=postgres;Database=postgres;Timeout=5";

    public static async Task<PrivateCluster> StartAsync()
    {
        var cluster = new PrivateCluster();
        Directory.CreateDirectory(cluster._dir);
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", "postgres:", cluster._dir);
        }
        await cluster.AsPostgresAsync($"{Bin}/initdb", "-D", cluster.Data, "-U", "postgres", "--auth=trust", "-E", "UTF8");
        await cluster.StartServerAsync();
        return cluster;
    }

    private string Data => Path.Combine(_dir, "data");

    public Task StartServerAsync() =>
        AsPostgresAsync($"{Bin}/pg_ctl", "-D", Data, "-l", Path.Combine(_dir, "server.log"), "-w", "-t", "60",
            "-o", $"-p {_port} -h 127.0.0.1 -k {_dir} -c fsync=off", "start");

    public Task StopServerAsync() => AsPostgresAsync($"{Bin}/pg_ctl", "-D", Data, "-m", "fast", "-w", "stop");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopServerAsync();
        }
        catch (InvalidOperationException)
        {
            // already stopped
        }
        Directory.Delete(_dir, recursive: true);
    }

    private Task AsPostgresAsync(string program, params string[] arguments) =>
        Environment.UserName == "root"
            ? RunAsync("runuser", ["-u", "postgres", "--", program, .. arguments])
            : RunAsync(program, arguments);

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + program);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await output}{await error}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
