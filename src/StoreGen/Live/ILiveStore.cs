using StoreGen.Persistence;

namespace StoreGen.Live;

/// <summary>
/// A store a live backend (PostgreSQL, Redis, your own) can keep in step with a database, item by item. Every
/// generated store implements it. Reads stay in memory; the backend attaches a <see cref="LiveLink"/> that hands it
/// the store's local writes (write-behind, with a durability acknowledgement) and applies the changes other replicas
/// made (remote changes: they appear in the store's change feed like local ones, but are never written back).
/// </summary>
public interface ILiveStore : IPersistableStore
{
    /// <summary>The primary key as a live backend stores it.</summary>
    LiveKeySchema LiveKeySchema { get; }

    /// <summary>The attached link, or null when no live backend is attached.</summary>
    LiveLink? Live { get; }

    /// <summary>
    /// Attaches a live backend: from now on every local write is queued for it. Items the store already holds are
    /// queued too (so nothing written before the backend started is lost). A store has at most one link.
    /// </summary>
    LiveLink AttachLive(LiveLinkOptions options);
}
