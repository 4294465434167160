using System;
using System.Collections.Generic;
using System.IO;
using Xunit;

namespace StoreGen.Tests;

/// <summary>
/// The samples do what they show: the quick start persists to the embedded file and a second run restores it; the
/// error-log and resource-store samples print one line a behaviour of their store's document, asserted line by line.
/// </summary>
public sealed class SampleTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("storegen-sample-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void QuickStart_persists_to_the_embedded_file_and_the_second_run_restores_it()
    {
        string quickStart = ChildProcess.Built("samples/QuickStart", "QuickStart");
        string snapshot = Path.Combine(_directory, "quickstart.json");
        var environment = new Dictionary<string, string> { ["STORE_FILE_PATH"] = snapshot };

        var (code, first) = ChildProcess.Run(quickStart, _directory, environment);
        Assert.True(code == 0, first);
        Assert.Contains($"first run     no snapshot at {snapshot} yet: starting empty", first, StringComparison.Ordinal);
        Assert.Contains("full key      Get(default, api)      -> api.example.com", first, StringComparison.Ordinal);
        Assert.Contains($"persisted     10003 items to {snapshot}: run again to restore them", first, StringComparison.Ordinal);
        Assert.True(File.Exists(snapshot));

        var (again, second) = ChildProcess.Run(quickStart, _directory, environment);
        Assert.True(again == 0, second);
        Assert.Contains($"restored      10003 items (v10003) from {snapshot}, saved by the previous run", second, StringComparison.Ordinal);

        environment["STORE_BACKEND"] = "memory";
        var (memory, third) = ChildProcess.Run(quickStart, _directory, environment);
        Assert.True(memory == 0, third);
        Assert.Contains("in memory     STORE_BACKEND=memory: nothing is restored or persisted", third, StringComparison.Ordinal);

        environment["STORE_BACKEND"] = "mongo";
        var (unknown, fourth) = ChildProcess.Run(quickStart, _directory, environment);
        Assert.NotEqual(0, unknown);
        Assert.Contains("STORE_BACKEND: unknown backend 'mongo'; known backends: memory, file", fourth, StringComparison.Ordinal);
    }

    [Fact]
    public void ErrorLog_shows_every_behaviour_of_the_error_log_store_in_memory_and_on_the_embedded_file()
    {
        string errorLog = ChildProcess.Built("samples/ErrorLog", "ErrorLog");
        var (code, output) = ChildProcess.Run(errorLog, _directory, new Dictionary<string, string>());
        Assert.True(code == 0, output);
        string[] expected =
        {
            "backend       memory",
            "SaveError     id generated, Count 1, FirstSeen 12:00, LastSeen 12:00",
            "GetError      connection TIMEOUT to db | missing -> null",
            "dedup         16000 concurrent occurrences -> 4 errors, fp-timeout Count 16001, LastSeen 12:04",
            "list all      [fp-timeout, fp-lock, fp-probe, fp-oom] of 4 (newest first, limit 0 = all)",
            "search        \"timeout\" -> [fp-timeout, fp-lock] of 2",
            "AND filters   shop + High+ + \"timeout\" -> [fp-timeout] of 1",
            "page          offset 1 limit 2 -> [fp-lock, fp-probe] of 4",
            "past the end  offset 10 -> [] of 4",
            "UpdateError   remediated True, unknown False, unknown stored False",
            "remediated    filter -> [fp-oom] of 1",
            "remediation   saved 3, get restart, page 1 of 2 -> restart/skipped, scale/failed of 3",
            "per error     fp-oom -> scale, restart",
            "GetStats      4 errors (default 2, shop 2), 3 remediations (1 ok, 1 failed), last error 12:04, last remediation 12:06",
            "DeleteOld     before 12:02 -> 1 removed, 3 left",
            "DeleteError   True, again False; logs older than 12:06 -> 2 removed",
            "empty stats   last error null, last remediation null",
            "Close         stopped (in memory: nothing persisted)",
        };
        Assert.Equal(expected, Lines(output));

        string snapshot = Path.Combine(_directory, "errorlog.json");
        var file = new Dictionary<string, string> { ["STORE_BACKEND"] = "file", ["STORE_FILE_PATH"] = snapshot };
        var (first, firstRun) = ChildProcess.Run(errorLog, _directory, file);
        Assert.True(first == 0, firstRun);
        Assert.Contains($"Close         persisted 2 errors and 1 remediation logs to {snapshot}", firstRun, StringComparison.Ordinal);
        var (second, secondRun) = ChildProcess.Run(errorLog, _directory, file);
        Assert.True(second == 0, secondRun);
        Assert.Equal($"restored      2 errors and 1 remediation logs from {snapshot}", Lines(secondRun)[0]);
    }

    [Fact]
    public void ResourceStore_shows_every_behaviour_of_the_resource_store_and_its_cached_twin()
    {
        string resourceStore = ChildProcess.Built("samples/ResourceStore", "ResourceStore");
        var (code, output) = ChildProcess.Run(resourceStore, _directory, new Dictionary<string, string>());
        Assert.True(code == 0, output);
        string[] expected =
        {
            "full key      Get(default, web)    -> host: web.example.com",
            "partial key   Find(default)        -> [default/api, default/web]",
            "list          ToArray()            -> [default/api, default/web, shop/cart]",
            "missing       Get(default, nope)   -> null",
            "update        Upsert(web)          -> host: www.example.com, 3 items",
            "delete        Remove(default, api) -> True, again False",
            "delete prefix RemoveAll(shop)      -> 2 removed, left [default/web]",
            "key count     ResourceStore.GetByKeys [default, web, extra]: ResourceStore has 2 key member(s) (Namespace, Name) but 3 values were given",
            "clear         Clear()              -> 0 items",
            "references    3 held, 0 fetched",
            "fetch on miss cert-v1, then from the cache: 1 fetch, same item True",
            "TTL           after 11 min -> cert-v2, 2 fetches",
            "ClearCache    -> cert-v2, 3 fetches",
            "unreferenced  GetAsync(default, nope) -> null, 3 fetches",
            "statistics    CacheStatistics { Hits = 1, Misses = 3, Loads = 3, LoadFailures = 0, Cached = 1 }",
            "switch        ResourceStore: 3 items, default -> [default/db-password, default/tls-cert], token -> t0ken",
            "switch        ResourceStore.OnDemand: 3 items, default -> [default/db-password, default/tls-cert], token -> t0ken",
        };
        Assert.Equal(expected, Lines(output));
    }

    private static string[] Lines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
