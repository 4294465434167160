using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;
using StoreGen;
using StoreGen.Live;
using StoreGen.Redis;
using StoreGen.RedisBenchmarks;

// The Redis backend side by side with raw StackExchange.Redis on one server, in one run (Stopwatch harness, medians).
// Usage: dotnet run -c Release --project benchmarks/StoreGen.RedisBenchmarks -- <host:port> [items] [writes|breakdown] [batch=N] [inflight=N]
// (writes: the write throughput only; breakdown: where StoreGen's write time goes, step by step)
string endpoint = args.Length > 0 ? args[0] : Environment.GetEnvironmentVariable("STOREGEN_REDIS") ?? "127.0.0.1:6379";
int items = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50_000;
const int Runs = 5;
Harness.BatchSize = Setting("batch=") ?? Harness.BatchSize;
Harness.ScriptsInFlight = Setting("inflight=") ?? Harness.ScriptsInFlight;
int? Setting(string name) => args.FirstOrDefault(arg => arg.StartsWith(name, StringComparison.Ordinal)) is { } arg ? int.Parse(arg[name.Length..], CultureInfo.InvariantCulture) : null;
var configuration = new ConfigurationOptions { EndPoints = { endpoint }, AllowAdmin = true };
await using var raw = await ConnectionMultiplexer.ConnectAsync(configuration);

if (args.Contains("breakdown"))
{
    foreach (var (step, microseconds, bytes) in await Harness.BreakdownAsync(raw, items, Runs))
    {
        Console.WriteLine($"{step,-52} CPU {microseconds,6:F2} µs/item, allocated {bytes,6:F0} B/item");
    }
    return;
}
Console.WriteLine($"Redis {raw.GetServers()[0].Version} at {endpoint}; {items:N0} items per write run, median of {Runs} runs; StoreGen's BatchSize {Harness.BatchSize:N0}, {Harness.ScriptsInFlight} scripts in flight");
var data = Harness.Items(items);
var storeGen = new List<WriteRun>();
var baseline = new List<WriteRun>();
var serializing = new List<WriteRun>();
for (int run = 0; run < Runs; run++)
{
    baseline.Add(await Harness.RawWritesAsync(raw, data));
    serializing.Add(await Harness.RawSerializingWritesAsync(raw, data));
    storeGen.Add(await Harness.StoreGenWritesAsync(raw, configuration, data));
}
double Rate(List<WriteRun> runs) => Harness.Median(runs.Select(r => r.Rate).ToList());
string Cpu(List<WriteRun> runs) => $"CPU per item: client {Harness.Median(runs.Select(r => r.ClientMicroseconds).ToList()):F2} µs, Redis {Harness.Median(runs.Select(r => r.RedisMicroseconds).ToList()):F2} µs; " +
    $"GCs per run {Harness.Median(runs.Select(r => (double)r.Collections).ToList()):F0} ({Harness.Median(runs.Select(r => (double)r.FullCollections).ToList()):F0} full)";
double sg = Rate(storeGen), rw = Rate(baseline), rs = Rate(serializing);
Console.WriteLine($"write throughput (medians)");
Console.WriteLine($"  target baseline: raw pipelined script, payloads prepared off the clock {rw:N0} items/s ({Cpu(baseline)})");
Console.WriteLine($"  serializing baseline: raw pipelined script, records serialized on the clock (STJ source generation) {rs:N0} items/s ({Cpu(serializing)})");
Console.WriteLine($"  StoreGen write-behind {sg:N0} items/s ({Cpu(storeGen)}); ratio {sg / rw:F2} to the target baseline, {sg / rs:F2} to the serializing one");
Console.WriteLine($"  per run (target / serializing / StoreGen, items/s): {string.Join("; ", Enumerable.Range(0, Runs).Select(n => $"{baseline[n].Rate:N0} / {serializing[n].Rate:N0} / {storeGen[n].Rate:N0}"))}");
if (args.Contains("writes"))
{
    return;
}

var lags = await Harness.FollowerLagAsync(configuration, 2_000);
Console.WriteLine($"follower lag      p50 {Harness.Percentile(lags, 0.50):F2} ms, p99 {Harness.Percentile(lags, 0.99):F2} ms, max {lags.Max():F2} ms ({lags.Count:N0} single writes)");

var (read, apply) = await Harness.DeltaAsync(raw, configuration, 1_000, Runs);
Console.WriteLine($"1,000-change delta read script {read:F2} ms + apply to the store {apply:F2} ms (median of {Runs})");
