using System;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MetricStore;
using StoreGen;
using StoreGen.Live;
using StoreGen.Locks;
using StoreGen.Redis;

// The metric store: in memory without REDIS_URL; on Redis with it (ROLE=leader|follower, REDIS_NAMESPACE).
var role = Environment.GetEnvironmentVariable("ROLE") is "follower" ? RuntimeRole.Follower : RuntimeRole.Leader;
string? url = Environment.GetEnvironmentVariable("REDIS_URL");
string ns = Environment.GetEnvironmentVariable("REDIS_NAMESPACE") ?? "metrics";
var clockNow = DateTimeOffset.UtcNow;

var store = Metrics.CreateStore(role, maxSeries: 4);
RedisLiveBackend? backend = null;
ILockProvider locks = new MemoryLockProvider();
if (url is null)
{
    Console.WriteLine($"{role.ToString().ToLowerInvariant()}: in memory");
}
else
{
    backend = new RedisLiveBackend(new RedisOptions { Configuration = RedisUrl.Parse(url), Namespace = ns });
    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
    await backend.StartAsync(new ILiveStore[] { store }, timeout.Token);
    locks = new RedisLockProvider(backend.Connection, ns);
    Console.WriteLine($"{role.ToString().ToLowerInvariant()}: on {backend.Location}, loaded {store.Count} series");
}
var metrics = new Metrics(store, TimeSpan.FromHours(1), locks);

void Print(string title)
{
    Console.WriteLine(title);
    foreach (var series in metrics.Snapshot())
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {series.SeriesId} = {series.Value} ({series.Source})"));
    }
}

void Try(string what, Action write)
{
    try
    {
        write();
        Console.WriteLine($"{what}: ok");
    }
    catch (StoreException error)
    {
        Console.WriteLine($"{what}: rejected ({error.Reason})");
    }
}

long cursor = metrics.SnapshotCursor();
if (role == RuntimeRole.Leader)
{
    Try("leader_scrape cpu", () => metrics.UpsertMetric(WriteSource.LeaderScrape, "cpu", "host=a", 0.5, clockNow));
    Try("leader_scrape mem", () => metrics.UpsertMetric(WriteSource.LeaderScrape, "mem", "host=a", 512, clockNow));
    Try("worker_backfill disk", () => metrics.UpsertMetric(WriteSource.WorkerBackfill, "disk", "host=a", 0.9, clockNow));
    Try("old series (retention passed)", () => metrics.UpsertMetric(WriteSource.LeaderScrape, "old", "host=z", 1, clockNow - TimeSpan.FromHours(2)));
    Console.WriteLine($"job lock scrape-1: {await metrics.AcquireJobLockAsync("scrape-1", TimeSpan.FromMinutes(1))}, again: {await metrics.AcquireJobLockAsync("scrape-1", TimeSpan.FromMinutes(1))}");
    Console.WriteLine($"dedup lock alert-7: {await metrics.AcquireDedupLockAsync("alert-7", TimeSpan.FromMinutes(1))}, again: {await metrics.AcquireDedupLockAsync("alert-7", TimeSpan.FromMinutes(1))}");
    Console.WriteLine($"GC removed {metrics.GC(clockNow)} series");
    Try("leader_scrape net (4th series)", () => metrics.UpsertMetric(WriteSource.LeaderScrape, "net", "host=a", 10, clockNow));
    Try("leader_scrape gpu (5th series, MaxSeries 4)", () => metrics.UpsertMetric(WriteSource.LeaderScrape, "gpu", "host=a", 1, clockNow));
}
else
{
    Try("follower leader_scrape cpu", () => metrics.UpsertMetric(WriteSource.LeaderScrape, "cpu", "host=b", 0.1, clockNow));
    Try("follower worker_backfill disk{host=a}", () => metrics.UpsertMetric(WriteSource.WorkerBackfill, "disk", "host=a", 0.95, clockNow));
    Try("follower worker_backfill disk{host=b} (5th series, MaxSeries 4)", () => metrics.UpsertMetric(WriteSource.WorkerBackfill, "disk", "host=b", 0.3, clockNow));
}
Print("snapshot:");
var delta = metrics.SnapshotDeltaSince(cursor);
Console.WriteLine($"delta since {cursor}: {string.Join(", ", delta.Events.Select(e => (e.Deleted ? "-" : "+") + e.SeriesId))}; next cursor {delta.NextCursor}");
if (backend is not null)
{
    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
    await metrics.Store.WhenDurableAsync(timeout.Token);
    Console.WriteLine("durable in Redis");
    await backend.StopAsync(timeout.Token);
    await backend.DisposeAsync();
}
