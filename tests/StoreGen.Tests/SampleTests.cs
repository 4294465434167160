using System;
using System.Collections.Generic;
using System.IO;
using Xunit;

namespace StoreGen.Tests;

/// <summary>The quick start does what the README shows: persists to the embedded file, and a second run restores it.</summary>
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
}
