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

namespace StoreGen.Redis.Tests;

/// <summary>
/// A 3-master Redis Cluster on loopback for one test class: three redis-server processes (cluster mode, free ports
/// whose cluster-bus ports are free too, a private directory each), joined with <c>redis-cli --cluster create</c>, and
/// ready once every node reports <c>cluster_state:ok</c>. Anything that does not start fails the tests with its output.
/// Stopped and deleted at the end.
/// </summary>
public sealed class RedisCluster : IAsyncLifetime
{
    private readonly List<Process> _nodes = new();
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "storegen-cluster-" + Guid.NewGuid().ToString("N")[..8]);

    public IReadOnlyList<string> Endpoints { get; private set; } = [];

    /// <summary>A handle on the cluster with a fresh namespace (dispose it to delete that namespace's keys).</summary>
    public RedisServer Server() => new(Endpoints);

    public async Task InitializeAsync()
    {
        var ports = ClusterPorts(3);
        Endpoints = ports.Select(port => "127.0.0.1:" + port).ToArray();
        foreach (int port in ports)
        {
            string dir = Path.Combine(_dir, port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Directory.CreateDirectory(dir);
            _nodes.Add(Start("redis-server", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", dir,
                "--logfile", Path.Combine(dir, "redis.log"), "--save", "", "--appendonly", "no", "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000"));
        }
        foreach (string endpoint in Endpoints)
        {
            await RedisServer.WaitUntilAnswersAsync(endpoint);
        }
        using (var create = Start("redis-cli", ["--cluster", "create", .. Endpoints, "--cluster-replicas", "0", "--cluster-yes"]))
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            string output = await create.StandardOutput.ReadToEndAsync(timeout.Token) + await create.StandardError.ReadToEndAsync(timeout.Token);
            await create.WaitForExitAsync(timeout.Token);
            if (create.ExitCode != 0)
            {
                throw new InvalidOperationException("redis-cli --cluster create failed: " + output);
            }
        }
        await WaitUntilClusterOkAsync();
    }

    private static Process Start(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        return Process.Start(start) ?? throw new InvalidOperationException("could not start " + file);
    }

    /// <summary>Every node agrees the cluster is up and all 16 384 slots are served (30 s at most).</summary>
    private async Task WaitUntilClusterOkAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string last = "";
        while (DateTime.UtcNow < deadline)
        {
            bool ok = true;
            foreach (string endpoint in Endpoints)
            {
                await using var connection = await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions { EndPoints = { endpoint }, ConnectTimeout = 1000, AllowAdmin = true });
                last = (await connection.GetServers()[0].ExecuteAsync("CLUSTER", "INFO")).ToString()!;
                ok &= last.Contains("cluster_state:ok", StringComparison.Ordinal) && last.Contains("cluster_slots_ok:16384", StringComparison.Ordinal);
            }
            if (ok)
            {
                return;
            }
            await Task.Delay(100);   // readiness probe with a deadline
        }
        throw new InvalidOperationException("the Redis Cluster did not become ready: " + last);
    }

    /// <summary><paramref name="count"/> ports on 127.0.0.1 free together with their cluster-bus ports (port + 10 000).</summary>
    private static int[] ClusterPorts(int count)
    {
        var ports = new List<int>();
        for (int attempt = 0; attempt < 500 && ports.Count < count; attempt++)
        {
            int port = Random.Shared.Next(20_000, 30_000);
            if (!ports.Contains(port) && IsFree(port) && IsFree(port + 10_000))
            {
                ports.Add(port);
            }
        }
        return ports.Count == count ? ports.ToArray() : throw new InvalidOperationException("no free ports for a Redis Cluster on 127.0.0.1");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            node.Kill();
            await node.WaitForExitAsync();
            node.Dispose();
        }
        Directory.Delete(_dir, recursive: true);
    }
}

/// <summary>The test classes that share one <see cref="RedisCluster"/> (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class RedisClusterCollection : ICollectionFixture<RedisCluster>
{
    public const string Name = "Redis Cluster";
}
