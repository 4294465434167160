using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace StoreGen.Live;

/// <summary>
/// A live backend (PostgreSQL, Redis, your own): it attaches a <see cref="LiveLink"/> to every store, loads them,
/// writes their local changes behind and keeps them converged with the other replicas. Backend packages register one
/// with <c>AddLiveBackend</c> on the <c>AddStoreGen</c> builder; StoreGen starts it when <c>STORE_BACKEND</c> names it.
/// </summary>
public interface ILiveBackend : IAsyncDisposable
{
    /// <summary>Where the data lives, for messages (e.g. <c>postgres 127.0.0.1:5432/app schema "public"</c>).</summary>
    string Location { get; }

    /// <summary>Prepares the database, attaches and loads every store, and starts writing behind and converging.</summary>
    Task StartAsync(IReadOnlyList<ILiveStore> stores, CancellationToken cancellationToken);

    /// <summary>
    /// Catches up now: completes when every store has applied what other replicas committed before the call (a
    /// poll, for PostgreSQL). Replicas converge without it; tests and read-after-write across replicas use it.
    /// </summary>
    Task SyncAsync(CancellationToken cancellationToken);

    /// <summary>Writes what is queued (until <paramref name="cancellationToken"/> fires), then stops.</summary>
    Task StopAsync(CancellationToken cancellationToken);
}
