using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;
using StoreGen.Live;

namespace StoreGen.Redis.Tests;

/// <summary>
/// Redis for a test: the server test.sh started (STOREGEN_REDIS), or a private redis-server of the test's own (a free
/// loopback port, its own directory) for tests that flush, kill or restart it. Every test gets its own namespace.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private Process? _process;
    private string? _dir;

    private RedisServer(string endpoint) => Endpoints = [endpoint];

    /// <summary>A Redis Cluster's masters (see <see cref="RedisCluster"/>).</summary>
    internal RedisServer(IReadOnlyList<string> endpoints) => Endpoints = endpoints;

    /// <summary>The (first) server's endpoint.</summary>
    public string Endpoint => Endpoints[0];

    public IReadOnlyList<string> Endpoints { get; }

    public string Namespace { get; } = "sg-test-" + Guid.NewGuid().ToString("N")[..8];

    public List<RedisLiveBackend> Backends { get; } = new();

    /// <summary>The server test.sh started.</summary>
    public static RedisServer Shared() => new(Environment.GetEnvironmentVariable("STOREGEN_REDIS")
        ?? throw new InvalidOperationException("STOREGEN_REDIS is not set: run the tests through test.sh, which starts Redis 7"));

    /// <summary>A redis-server of this test's own.</summary>
    public static async Task<RedisServer> StartPrivateAsync()
    {
        var server = new RedisServer("127.0.0.1:" + FreePort()) { _dir = Path.Combine(Path.GetTempPath(), "storegen-redis-" + Guid.NewGuid().ToString("N")[..8]) };
        Directory.CreateDirectory(server._dir);
        await server.StartServerAsync();
        return server;
    }

    /// <summary>Starts (or restarts) the private server, empty, and waits until it answers.</summary>
    public async Task StartServerAsync()
    {
        var start = new ProcessStartInfo("redis-server") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--port", Endpoint.Split(':')[1], "--bind", "127.0.0.1", "--dir", _dir!, "--save", "", "--appendonly", "no" })
        {
            start.ArgumentList.Add(argument);
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start redis-server");
        await WaitUntilAnswersAsync(Endpoint);
    }

    /// <summary>Waits (30 s at most) until the server at <paramref name="endpoint"/> accepts a connection.</summary>
    internal static async Task WaitUntilAnswersAsync(string endpoint)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            try
            {
                await using var probe = await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions { EndPoints = { endpoint }, ConnectTimeout = 500 });
                return;
            }
            catch (RedisConnectionException) when (!timeout.IsCancellationRequested)
            {
                await Task.Delay(50, timeout.Token);   // readiness probe with a deadline
            }
        }
    }

    /// <summary>Kills the private server (its data is gone: it keeps nothing on disk).</summary>
    public async Task StopServerAsync()
    {
        _process!.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    public ConfigurationOptions Configuration(RedisProtocol protocol = RedisProtocol.Resp2)
    {
        var configuration = new ConfigurationOptions { AbortOnConnectFail = false, Protocol = protocol, AllowAdmin = true, ConnectTimeout = 2000, SyncTimeout = 5000, AsyncTimeout = 5000 };
        foreach (string endpoint in Endpoints)
        {
            configuration.EndPoints.Add(endpoint);
        }
        return configuration;
    }

    public RedisOptions Options(RedisProtocol protocol = RedisProtocol.Resp2) => new()
    {
        Configuration = Configuration(protocol),
        Namespace = Namespace,
        Protocol = protocol,
        PollInterval = TimeSpan.FromSeconds(1),
        RetryDelay = TimeSpan.FromMilliseconds(50),
        MaxRetryDelay = TimeSpan.FromMilliseconds(500),
    };

    /// <summary>A replica: a backend started for <paramref name="stores"/>.</summary>
    public Task<RedisLiveBackend> StartAsync(params ILiveStore[] stores) => StartAsync(null, stores);

    public async Task<RedisLiveBackend> StartAsync(Action<RedisOptions>? configure, params ILiveStore[] stores)
    {
        var options = Options();
        configure?.Invoke(options);
        var backend = new RedisLiveBackend(options);
        Backends.Add(backend);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await backend.StartAsync(stores, timeout.Token);
        return backend;
    }

    /// <summary>A plain connection for inspecting keys.</summary>
    public Task<ConnectionMultiplexer> ConnectAsync() => ConnectionMultiplexer.ConnectAsync(Configuration());

    /// <summary>Every key of this test's namespace, sorted.</summary>
    public async Task<string[]> KeysAsync()
    {
        await using var connection = await ConnectAsync();
        var keys = new List<string>();
        foreach (var server in connection.GetServers().Where(server => !server.IsReplica))
        {
            await foreach (var key in server.KeysAsync(pattern: "{" + Namespace + ":*"))
            {
                keys.Add(key!);
            }
        }
        return keys.Order(StringComparer.Ordinal).ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var backend in Backends)
        {
            await backend.DisposeAsync();
        }
        if (_dir is not null)
        {
            if (_process is not null)
            {
                await StopServerAsync();
            }
            Directory.Delete(_dir, recursive: true);
            return;
        }
        await using var connection = await ConnectAsync();
        var db = connection.GetDatabase();
        foreach (var key in await KeysAsync())
        {
            await db.KeyDeleteAsync(key);
        }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Waits for a store to reach a condition, by its change feed, within a deadline (never a bare sleep).</summary>
public static class Converge
{
    public static Task UntilAsync(FlagStore store, Func<bool> done, string what) => UntilAsync(ct => store.WatchAsync(0, ct), done, what);

    public static Task UntilAsync(SessionStore store, Func<bool> done, string what) => UntilAsync(ct => store.WatchAsync(0, ct), done, what);

    private static async Task UntilAsync<T>(Func<CancellationToken, IAsyncEnumerable<T>> watch, Func<bool> done, string what)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await foreach (var _ in watch(deadline.Token))
            {
                if (done())
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        Assert.True(done(), "timed out waiting until " + what);
    }

    public static IEnumerable<Flag> Sorted(FlagStore store) =>
        store.ToArray().OrderBy(f => f.Key, StringComparer.Ordinal).ThenBy(f => f.Env, StringComparer.Ordinal);
}
