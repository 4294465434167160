using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using StoreGen.Tests;

namespace StoreGen.Redis.Tests;

/// <summary>samples/MetricStore in memory, then as a leader and a follower on Redis.</summary>
public sealed class MetricStoreSampleTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("storegen-metric-sample-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private (int Code, string Output) Run(Dictionary<string, string> environment) =>
        ChildProcess.Run(ChildProcess.Built("samples/MetricStore", "MetricStore"), _directory, environment);

    private static void AssertPrinted(string output, params string[] lines)
    {
        foreach (string line in lines)
        {
            Assert.Contains(line, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void In_memory_the_guards_limits_locks_gc_and_delta_work()
    {
        var (code, output) = Run(new());
        Assert.True(code == 0, output);
        AssertPrinted(output,
            "leader: in memory",
            "job lock scrape-1: True, again: False",
            "GC removed 1 series",
            "leader_scrape gpu (5th series, MaxSeries 4): rejected",
            "delta since 0: +cpu{host=a}, +mem{host=a}, +disk{host=a}, +old{host=z}, -old{host=z}, +net{host=a}");
    }

    [Fact]
    public async Task On_redis_a_follower_loads_what_the_leader_wrote_and_its_guard_holds()
    {
        await using var redis = RedisServer.Shared();
        var environment = new Dictionary<string, string> { ["REDIS_URL"] = "redis://" + redis.Endpoint, ["REDIS_NAMESPACE"] = redis.Namespace };
        var (code, leader) = Run(environment);
        Assert.True(code == 0, leader);
        AssertPrinted(leader, "durable in Redis", "dedup lock alert-7: True, again: False");

        environment["ROLE"] = "follower";
        var (again, follower) = Run(environment);
        Assert.True(again == 0, follower);
        AssertPrinted(follower,
            "loaded 4 series",
            "follower leader_scrape cpu: rejected (rejected by the write guard: followers may not write leader_scrape points)",
            "follower worker_backfill disk{host=a}: ok",
            "  disk{host=a} = 0.95 (WorkerBackfill)",
            "delta since 4: +disk{host=a}; next cursor 5");
    }
}
