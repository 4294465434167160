using System;
using System.IO;
using System.Threading.Tasks;
using StoreGen.Persistence;
using StoreGen.Testing;

namespace StoreGen.Tests;

/// <summary>The snapshot part of the conformance suite on a document kept in memory.</summary>
public sealed class MemorySnapshotConformanceTests : SnapshotBackendConformanceTests
{
    private readonly MemoryBackend _backend = new();

    protected override ISnapshotBackend OpenBackend() => _backend;
}

/// <summary>The snapshot part of the conformance suite on the file backend (plain and gzipped), in a directory of the test's own.</summary>
public class FileSnapshotConformanceTests : SnapshotBackendConformanceTests
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "storegen-conformance-" + Guid.NewGuid().ToString("N")[..8]);

    protected virtual bool Compress => false;

    protected override ISnapshotBackend OpenBackend() => new FileSnapshotBackend(Path.Combine(_dir, "snapshot.json"), Compress);

    protected override Task CleanUpAsync()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
        return Task.CompletedTask;
    }
}

/// <summary>The same, gzipped.</summary>
public sealed class GzipFileSnapshotConformanceTests : FileSnapshotConformanceTests
{
    protected override bool Compress => true;
}
