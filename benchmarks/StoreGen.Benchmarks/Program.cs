using System;
using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using StoreGen.Benchmarks;

// dotnet run -c Release --project benchmarks/StoreGen.Benchmarks -- [memory | readwrite | latency | writers | simulate | get | live | <BenchmarkDotNet args>]
switch (args.Length > 0 ? args[0] : "")
{
    case "memory":
        MemoryHarness.Run(new[] { 10_000, 1_000_000 });
        break;
    case "latency":
        // optional: the sizes to run (e.g. `latency 10000`), and the number of timed writes per size
        WriteLatencyHarness.Run(args.Length > 1 ? new[] { int.Parse(args[1], CultureInfo.InvariantCulture) } : new[] { 10_000, 1_000_000 },
            writes: args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2_000_000);
        break;
    case "live":
        // optional: the keys written per round
        LiveLinkHarness.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20_000, rounds: 30);
        break;
    case "get":
        GetHarness.Run(new[] { 10_000, 1_000_000 }, rounds: 41);
        break;
    case "writers":
        WritersHarness.Run(10_000, new[] { 1, 2 }, runs: 5, TimeSpan.FromSeconds(1));
        break;
    case "simulate":
        // optional: the single-writer write time (ns, from `writers`) and a cache-line transfer time (ns)
        WriterSimulation.Run(args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 550,
            args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 70);
        break;
    case "readwrite":
        ReaderWriterHarness.Run(new[] { 10_000, 1_000_000 }, runs: 5, TimeSpan.FromSeconds(1));
        break;
    default:
        // In-process: the million-item fixtures are built once and shared by every benchmark of a run.
        var job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithWarmupCount(3)
            .WithIterationCount(10)
            // No forced full collection before each iteration: with million-item fixtures on the heap it takes
            // longer than the iteration itself. Allocation per operation is still reported by the memory diagnoser.
            .WithGcForce(false);
        var config = DefaultConfig.Instance
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(StatisticColumn.Median)
            .WithOption(ConfigOptions.DisableOptimizationsValidator, false);
        BenchmarkSwitcher.FromAssembly(typeof(Dataset).Assembly).Run(args, config);
        break;
}
