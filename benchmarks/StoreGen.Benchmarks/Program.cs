using System;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using StoreGen.Benchmarks;

// dotnet run -c Release --project benchmarks/StoreGen.Benchmarks -- [memory | readwrite | <BenchmarkDotNet args>]
switch (args.Length > 0 ? args[0] : "")
{
    case "memory":
        MemoryHarness.Run(new[] { 10_000, 1_000_000 });
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
