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
// Usage: dotnet run -c Release --project benchmarks/StoreGen.RedisBenchmarks -- <host:port> [items]
string endpoint = args.Length > 0 ? args[0] : Environment.GetEnvironmentVariable("STOREGEN_REDIS") ?? "127.0.0.1:6379";
int items = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50_000;
const int Runs = 5;
var configuration = new ConfigurationOptions { EndPoints = { endpoint }, AllowAdmin = true };
await using var raw = await ConnectionMultiplexer.ConnectAsync(configuration);

Console.WriteLine($"Redis {raw.GetServers()[0].Version} at {endpoint}; {items:N0} items per write run, median of {Runs} runs");
var storeGen = new List<double>();
var baseline = new List<double>();
for (int run = 0; run < Runs; run++)
{
    baseline.Add(await Harness.RawWritesAsync(raw, items));
    storeGen.Add(await Harness.StoreGenWritesAsync(configuration, items));
}
double sg = Harness.Median(storeGen), rw = Harness.Median(baseline);
Console.WriteLine($"write throughput  raw pipelined script {rw:N0} items/s; StoreGen write-behind {sg:N0} items/s; ratio {sg / rw:F2}");

var lags = await Harness.FollowerLagAsync(configuration, 2_000);
Console.WriteLine($"follower lag      p50 {Harness.Percentile(lags, 0.50):F2} ms, p99 {Harness.Percentile(lags, 0.99):F2} ms, max {lags.Max():F2} ms ({lags.Count:N0} single writes)");

var (read, apply) = await Harness.DeltaAsync(raw, configuration, 1_000, Runs);
Console.WriteLine($"1,000-change delta read script {read:F2} ms + apply to the store {apply:F2} ms (median of {Runs})");
