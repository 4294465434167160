using System.Collections.Generic;
using System.Threading.Tasks;
using StoreGen.Live;
using StoreGen.Testing;

namespace StoreGen.Postgres.Tests;

/// <summary>The live-backend conformance suite, run against PostgreSQL (every replica of a test shares one fresh schema).</summary>
public sealed class PostgresConformanceTests : LiveBackendConformanceTests
{
    private readonly Database _db = new();

    protected override async Task<ILiveBackend> StartReplicaAsync(IReadOnlyList<ILiveStore> stores) =>
        await _db.StartAsync(System.Linq.Enumerable.ToArray(stores));

    protected override Task CleanUpAsync() => _db.DisposeAsync().AsTask();
}
