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

    /// <summary>
    /// A snapshot exists but could not be read (corrupt, too large, a newer format, or items the stores reject). It
    /// was kept untouched and is never merged into or overwritten unless data loss is accepted.
    /// </summary>
    Failed,

    /// <summary>
    /// The backend could not be reached (e.g. connection refused), so whether a snapshot exists is unknown. Persisting
    /// is blocked as for <see cref="Failed"/>, but a later restore may succeed (the host retries it in the background).
    /// </summary>
    Unreachable,
}

/// <summary>
/// Persists a group of stores together as one snapshot document and restores them from it (the claims/XR cache's
/// <c>Persist</c>/<c>Restore</c> decorator, in .NET form). Reads never involve it: the stores serve from memory.
/// A restore is all-or-nothing: every store's items are read and checked before any is applied. After a failed restore the stores start empty, but <see cref="PersistAsync"/> refuses to
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
    private readonly long _maxDocumentBytes;

    /// <summary>
    /// Persists <paramref name="stores"/> (distinct names) together to <paramref name="backend"/>. A snapshot larger
    /// than <paramref name="maxDocumentBytes"/> (inflated, if gzipped) is not restored (default 1 GiB).
    /// </summary>
    public PersistentStoreGroup(ISnapshotBackend backend, IEnumerable<IPersistableStore> stores, TimeProvider? clock = null,
        long maxDocumentBytes = SnapshotCompression.DefaultMaxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxDocumentBytes);
        _maxDocumentBytes = maxDocumentBytes;
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
    /// True while <see cref="PersistAsync"/> would refuse: no restore has run, or the last one failed or could not reach
    /// the backend, and <see cref="AcceptDataLoss"/> was not called. Writes keep working; they are not persisted.
    /// </summary>
    public bool IsBlocked => Outcome is RestoreOutcome.Failed or RestoreOutcome.Unreachable or RestoreOutcome.NotRestored && !_dataLossAccepted;

    /// <summary>The size in bytes of the last document written (0 before the first).</summary>
    public long LastDocumentSize { get; private set; }

    /// <summary>Why the last restore failed, if it did.</summary>
    public Exception? RestoreError { get; private set; }

    /// <summary>
    /// Restores every store from the snapshot, if one exists: <see cref="RestoreMode.Replace"/> (at startup) makes the
    /// stores hold exactly its items; <see cref="RestoreMode.Merge"/> (a restore that succeeds only after the
    /// application started writing) keeps what the stores hold and adds the rest. Never throws for an unreadable
    /// snapshot or an unreachable backend: the stores stay as they are, <see cref="Outcome"/> says
    /// <see cref="RestoreOutcome.Failed"/> or <see cref="RestoreOutcome.Unreachable"/>, and the snapshot is protected
    /// from being overwritten (see <see cref="AcceptDataLoss"/>).
    /// </summary>
    public async Task<RestoreOutcome> RestoreAsync(RestoreMode mode, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            byte[]? document;
            try
            {
                document = await _backend.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not (OperationCanceledException or SnapshotFormatException or InvalidOperationException))
            {
                return Fail(RestoreOutcome.Unreachable, exception);   // an outage: a later restore may succeed
            }
            if (document is null)
            {
                _persisted = _stores.ToDictionary(s => s.StoreName, _ => 0L);   // a store never written (version 0) has nothing to persist
                return Succeed(RestoreOutcome.NoSnapshot);
            }
            var plain = SnapshotCompression.DecompressIfNeeded(document, _maxDocumentBytes);
            SnapshotDocument.Restore(Layout is { } layout ? layout.ToNative(plain) : plain, _stores, mode);
            _persisted = mode == RestoreMode.Replace ? CurrentVersions() : null;       // merged: what the application wrote is not persisted yet
            return Succeed(RestoreOutcome.Restored);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return Fail(RestoreOutcome.Failed, exception);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Another program's snapshot shape to read (and, with <see cref="SnapshotLayout.WriteForeign"/>, to write), so a
    /// deployment moving to StoreGen restores what the previous program persisted. Null: StoreGen's format only.
    /// </summary>
    public SnapshotLayout? Layout { get; set; }

    /// <summary>Restores at startup: <see cref="RestoreAsync(RestoreMode, CancellationToken)"/> with <see cref="RestoreMode.Replace"/>.</summary>
    public Task<RestoreOutcome> RestoreAsync(CancellationToken cancellationToken = default) => RestoreAsync(RestoreMode.Replace, cancellationToken);

    private Dictionary<string, long> CurrentVersions() => _stores.ToDictionary(s => s.StoreName, s => s.Version);

    private RestoreOutcome Succeed(RestoreOutcome outcome)
    {
        Outcome = outcome;
        RestoreError = null;
        return outcome;
    }

    private RestoreOutcome Fail(RestoreOutcome outcome, Exception error)
    {
        Outcome = outcome;
        RestoreError = error;
        return outcome;
    }

    /// <summary>
    /// Lets <see cref="PersistAsync"/> overwrite a snapshot that could not be restored: the application accepts that
    /// whatever it held is lost. Without this, a failed restore blocks persisting until a restore succeeds.
    /// </summary>
    public void AcceptDataLoss() => _dataLossAccepted = true;

    /// <summary>
    /// Writes every store's current snapshot as one document; returns false (and writes nothing) when no store changed
    /// since the last persist or restore (also after a restore that found no snapshot). Throws <see cref="StoreException"/> if a failed restore is unresolved, or if
    /// the backend fails (the previous snapshot is then intact; call again later).
    /// </summary>
    public async Task<bool> PersistAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (IsBlocked)
            {
                string why = Outcome switch
                {
                    RestoreOutcome.Failed => $"the snapshot at {_backend.Location} could not be restored ({RestoreError?.Message}), so writing now would replace it with partial data",
                    RestoreOutcome.Unreachable => $"{_backend.Location} could not be read ({RestoreError?.Message}), so writing now could replace a snapshot that was never read",
                    _ => "no restore has run yet, so writing now could replace a snapshot that was never read",
                };
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
                if (Layout is { WriteForeign: true } foreign)
                {
                    document = foreign.FromNative(document);
                }
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
