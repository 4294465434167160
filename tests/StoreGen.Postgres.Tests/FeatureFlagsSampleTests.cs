using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using StoreGen.Tests;

namespace StoreGen.Postgres.Tests;

/// <summary>samples/FeatureFlags: in memory with no server, and as two PostgreSQL replicas (a watcher sees the writer's changes).</summary>
public sealed class FeatureFlagsSampleTests : IAsyncLifetime
{
    private readonly Database _db = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("storegen-flags-sample-").FullName;
    private readonly string _sample = ChildProcess.Built("samples/FeatureFlags", "FeatureFlags");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void Store_type_memory_runs_without_a_server()
    {
        var (code, output) = ChildProcess.Run(_sample, _directory, new Dictionary<string, string> { ["STORE_TYPE"] = "memory" });
        Assert.True(code == 0, output);
        Assert.Contains("writer: STORE_TYPE=memory, 0 flags at startup", output, StringComparison.Ordinal);
        Assert.Contains("writer: prod flags: new-checkout(50%)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_postgres_replicas_converge()
    {
        var parsed = new NpgsqlConnectionStringBuilder(_db.ConnectionString);
        var environment = new Dictionary<string, string>
        {
            ["STORE_TYPE"] = "postgres",
            ["DATABASE_URL"] = $"postgres://{Uri.EscapeDataString(parsed.Username!)}@{parsed.Host}:{parsed.Port}/{Uri.EscapeDataString(parsed.Database!)}",
            ["POSTGRES_SCHEMA"] = _db.Schema,
        };
        string watcherOutput = Path.Combine(_directory, "watcher.txt");
        // The watcher waits for the writer as long as this test does (a loaded machine may take a minute or more to
        // start the writer): the test's bounds decide, and the watcher is killed if it outlives them.
        using var watcher = ChildProcess.Start(_sample, Array.Empty<string>(), watcherOutput,
            new Dictionary<string, string>(environment) { ["ROLE"] = "watcher", ["WATCH_SECONDS"] = $"{4 * ChildProcess.Patience.TotalSeconds}" });
        try
        {
            WatchAndWrite(watcher, watcherOutput, environment);
        }
        finally
        {
            if (!watcher.HasExited)
            {
                watcher.Kill(entireProcessTree: true);
            }
        }

        var (again, restarted) = ChildProcess.Run(_sample, _directory, new Dictionary<string, string>(environment) { ["ROLE"] = "writer" });
        Assert.True(again == 0, restarted);
        Assert.Contains("writer: STORE_TYPE=postgres, 3 flags at startup", restarted, StringComparison.Ordinal);
    }

    /// <summary>Waits until the watcher has loaded the table and watches, runs the writer, and checks what the watcher saw.</summary>
    private void WatchAndWrite(Process watcher, string watcherOutput, Dictionary<string, string> environment)
    {
        // The writer must not start before the watcher has loaded the table: it would load the writer's flags and see no change.
        var ready = Stopwatch.StartNew();
        while (!(File.Exists(watcherOutput) && File.ReadAllText(watcherOutput).Contains("watcher: ready", StringComparison.Ordinal)))
        {
            Assert.False(watcher.HasExited, File.Exists(watcherOutput) ? File.ReadAllText(watcherOutput) : "the watcher exited");
            Assert.True(ready.Elapsed < ChildProcess.Patience, $"the watcher was not ready within {ChildProcess.Patience}");
            watcher.WaitForExit(100);   // the readiness probe's step: returns at once if the watcher exits
        }

        var (code, writer) = ChildProcess.Run(_sample, _directory, new Dictionary<string, string>(environment) { ["ROLE"] = "writer" });
        Assert.True(code == 0, writer);
        Assert.True(watcher.WaitForExit(ChildProcess.Patience), "the watcher did not see the writer's changes");
        string watched = File.ReadAllText(watcherOutput);
        Assert.True(watcher.ExitCode == 0, watched);
        // Commits in quick succession may reach the watcher together, so only the converged state is exact.
        Assert.Contains("watcher: Added   ops/writer-done enabled=True rollout=100", watched, StringComparison.Ordinal);
        Assert.Contains("watcher: prod flags now: new-checkout(50%)", watched, StringComparison.Ordinal);
        Assert.Contains("prod/new-checkout enabled=True rollout=50", watched, StringComparison.Ordinal);
    }
}
