using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace StoreGen.Persistence;

/// <summary>What the last restore found.</summary>
public enum RestoreOutcome
{
    /// <summary>No restore has run yet.</summary>
    NotRestored,

    /// <summary>The snapshot was read and every store restored from it.</summary>
    Restored,

    /// <summary>No snapshot existed yet: the stores start empty, and persisting is safe.</summary>
    NoSnapshot,

    /// <summary>A snapshot exists but could not be read (unreachable, corrupt, newer format). It was kept untouched.</summary>
    Failed,
}

/// <summary>
/// Persists a group of stores together as one snapshot document and restores them from it (the first seed's
/// <c>Persist</c>/<c>Restore</c> decorator, in .NET form). Reads never involve it: the stores serve from memory.
/// Safer than the seed: after a failed restore the stores start empty, but <see cref="PersistAsync"/> refuses to
/// overwrite the unreadable snapshot with their partial contents until a restore succeeds or the application calls
/// <see cref="AcceptDataLoss"/>; a corrupt snapshot is never deleted.
/// </summary>
public sealed class PersistentStoreGroup
{
    private readonly ISnapshotBackend _backend;
    private readonly IReadOnlyList<IPersistableStore> _stores;
    private readonly string _groupName;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IReadOnlyDictionary<string, long>? _persisted;
    private bool _dataLossAccepted;

    /// <summary>Persists <paramref name="stores"/> (distinct names) together to <paramref name="backend"/>.</summary>
    public PersistentStoreGroup(ISnapshotBackend backend, IEnumerable<IPersistableStore> stores, TimeProvider? clock = null)
    {
        _backend = backend ?? throw new ArgumentNullException(nameof(backend));
        _stores = stores?.ToArray() ?? throw new ArgumentNullException(nameof(stores));
        var duplicate = _stores.GroupBy(s => s.StoreName).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"two stores are named '{duplicate.Key}'; a snapshot document keys stores by name", nameof(stores));
        }
        _groupName = string.Join("+", _stores.Select(s => s.StoreName));   // how errors name the group: ClaimStore+XrStore
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>What the last restore found.</summary>
    public RestoreOutcome Outcome { get; private set; }

    /// <summary>The backend's location, for messages.</summary>
    public string Location => _backend.Location;

    /// <summary>The stores persisted together, by name.</summary>
    public IEnumerable<string> StoreNames => _stores.Select(s => s.StoreName);

    /// <summary>
    /// True while <see cref="PersistAsync"/> would refuse: no restore has run, or the last one failed, and
    /// <see cref="AcceptDataLoss"/> was not called.
    /// </summary>
    public bool IsBlocked => Outcome is RestoreOutcome.Failed or RestoreOutcome.NotRestored && !_dataLossAccepted;

    /// <summary>The size in bytes of the last document written (0 before the first).</summary>
    public long LastDocumentSize { get; private set; }

    /// <summary>Why the last restore failed, if it did.</summary>
    public Exception? RestoreError { get; private set; }

    /// <summary>
    /// Restores every store from the snapshot, if one exists. Never throws for an unreadable snapshot: the stores
    /// stay as they are (empty at startup), <see cref="Outcome"/> says <see cref="RestoreOutcome.Failed"/>, and the
    /// snapshot is protected from being overwritten (see <see cref="AcceptDataLoss"/>).
    /// </summary>
    public async Task<RestoreOutcome> RestoreAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var document = await _backend.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (document is null)
            {
                Outcome = RestoreOutcome.NoSnapshot;
                RestoreError = null;
                return Outcome;
            }
            SnapshotDocument.Restore(document, _stores);
            _persisted = _stores.ToDictionary(s => s.StoreName, s => s.Version);
            Outcome = RestoreOutcome.Restored;
            RestoreError = null;
            return Outcome;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Outcome = RestoreOutcome.Failed;
            RestoreError = exception;
            return Outcome;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Lets <see cref="PersistAsync"/> overwrite a snapshot that could not be restored: the application accepts that
    /// whatever it held is lost. Without this, a failed restore blocks persisting until a restore succeeds.
    /// </summary>
    public void AcceptDataLoss() => _dataLossAccepted = true;

    /// <summary>
    /// Writes every store's current snapshot as one document; returns false (and writes nothing) when no store changed
    /// since the last persist or restore. Throws <see cref="StoreException"/> if a failed restore is unresolved, or if
    /// the backend fails (the previous snapshot is then intact; call again later).
    /// </summary>
    public async Task<bool> PersistAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (IsBlocked)
            {
                string why = Outcome == RestoreOutcome.Failed
                    ? $"the snapshot at {_backend.Location} could not be restored ({RestoreError?.Message}), so writing now would replace it with partial data"
                    : "no restore has run yet, so writing now could replace a snapshot that was never read";
                throw new StoreException(_groupName, "Persist", Array.Empty<object?>(),
                    why + "; restore successfully first, or call AcceptDataLoss() to overwrite it");
            }
            if (_persisted is not null && _stores.All(s => _persisted.TryGetValue(s.StoreName, out var v) && v == s.Version))
            {
                return false;
            }
            byte[] document;
            IReadOnlyDictionary<string, long> versions;
            try
            {
                (document, versions) = SnapshotDocument.Write(_stores, _clock.GetUtcNow());
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                throw new StoreException(_groupName, "Persist", Array.Empty<object?>(),
                    $"the stores could not be serialized, nothing was written to {_backend.Location}: {exception.Message}", exception);
            }
            try
            {
                await _backend.WriteAsync(document, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                throw new StoreException(_groupName, "Persist", Array.Empty<object?>(),
                    $"writing the snapshot to {_backend.Location} failed; the previous snapshot is intact: {exception.Message}", exception);
            }
            _persisted = versions;
            LastDocumentSize = document.Length;
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }
}
