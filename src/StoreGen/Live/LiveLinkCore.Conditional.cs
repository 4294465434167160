using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using StoreGen.Engine;

namespace StoreGen.Live;

// Versions as this replica saw them, and conditional writes (compare the key's database version, then write).
internal sealed partial class LiveLinkCore<TKey, T, TShape, TCodec> : ILiveKeyVersions<TKey>, ILiveItemWrites<T>
{
    public long VersionOf(in TKey key)
    {
        lock (_gate)
        {
            return _versions.GetValueOrDefault(key);
        }
    }

    /// <summary>Notes the database version a key was last seen at (_gate held); deleted or unversioned keys have none.</summary>
    private void Record(in TKey key, bool deleted, long version)
    {
        if (deleted || version <= 0)
        {
            _versions.Remove(key);
        }
        else
        {
            _versions[key] = version;
        }
    }

    /// <summary>A load or reset replaces what the store knows: only keys with local changes queued keep their versions (_gate held).</summary>
    private void ForgetVersions()
    {
        if (_pendingKeys.Count == 0)
        {
            _versions.Clear();
            return;
        }
        var keep = new List<KeyValuePair<TKey, long>>();
        foreach (var pair in _versions)
        {
            if (_pendingKeys.ContainsKey(pair.Key))
            {
                keep.Add(pair);
            }
        }
        _versions.Clear();
        keep.ForEach(pair => _versions.Add(pair.Key, pair.Value));
    }

    public Task<long> UpsertIfVersionAsync(T item, long expectedVersion, CancellationToken cancellationToken)
    {
        const string operation = "UpsertIfVersion";
        if (item is null)
        {
            throw new StoreException(StoreName, operation, Array.Empty<object?>(), "the item is null");
        }
        var key = TShape.KeyOf(item);
        if (TShape.ValidateKey(key) is { } problem)
        {
            throw new StoreException(StoreName, operation, TShape.KeyValues(key), problem);
        }
        return WriteIfVersionAsync(operation, new ConditionalRow(key, item, deleted: false), expectedVersion, cancellationToken);
    }

    public Task<long> RemoveIfVersionAsync(TKey key, long expectedVersion, CancellationToken cancellationToken)
    {
        const string operation = "RemoveIfVersion";
        if (expectedVersion == 0)
        {
            throw new StoreException(StoreName, operation, TShape.KeyValues(key), "a remove needs the version of a stored item (expected version 0 means absent); nothing was changed");
        }
        StoreReader<TKey, T, TShape>.TryGet(_engine.View(), key, out var local);
        return WriteIfVersionAsync(operation, new ConditionalRow(key, local, deleted: true), expectedVersion, cancellationToken);
    }

    /// <summary>
    /// Waits until every local write queued before is durable, has the backend compare and write, and applies the
    /// committed row to the store through the remote path; throws <see cref="LiveConflictException"/> on a mismatch.
    /// </summary>
    private async Task<long> WriteIfVersionAsync(string operation, ConditionalRow row, long expectedVersion, CancellationToken cancellationToken)
    {
        var keys = TShape.KeyValues(row.Key);
        if (expectedVersion < 0)
        {
            throw new StoreException(StoreName, operation, keys, $"the expected version {expectedVersion} is negative; nothing was changed");
        }
        var writer = _options.ConditionalWriter
            ?? throw new StoreException(StoreName, operation, keys, $"{_options.Target} does not support conditional writes (its backend does not implement ILiveConditionalWriter); nothing was changed");
        await WhenDurableAsync(LastLocalVersion, cancellationToken).ConfigureAwait(false);
        var result = await writer.WriteIfVersionAsync(this, row, expectedVersion, cancellationToken).ConfigureAwait(false);
        if (!result.Committed)
        {
            throw new LiveConflictException(StoreName, operation, keys, _options.Target, expectedVersion, result.Version);
        }
        ApplyCommitted(new RemoteRow(row.Deleted, result.Json ?? "", keys, result.Version));
        return result.Version;
    }

    /// <summary>
    /// Applies a conditional write this replica committed, unless a remote apply already reached its version (that
    /// apply read the key as of that version or later, so applying the row now could undo a later change).
    /// </summary>
    private void ApplyCommitted(RemoteRow row)
    {
        lock (_applyLock)
        {
            long appliedUpTo;
            lock (_gate)
            {
                appliedUpTo = _appliedUpTo;
            }
            if (row.Version > appliedUpTo)
            {
                var prepared = Prepare(new[] { row.Version }, Decode(new[] { row }, _options.Target), appliedUpTo, replace: false);
                if (prepared.Length > 0)
                {
                    _engine.ApplyRemote(prepared, replace: false, this);
                }
            }
        }
    }

    /// <summary>The one row of a conditional write.</summary>
    private sealed class ConditionalRow(TKey key, T? item, bool deleted) : LiveBatch
    {
        public TKey Key => key;

        public bool Deleted => deleted;

        public override int Count => 1;

        public override long LastVersion => 0;

        public override int Changes => 1;

        public override bool IsDeleted(int row) => Deleted;

        public override void WriteKey(int row, ILiveKeyWriter writer) => TCodec.WriteKey(key, writer);

        /// <summary>The item; for a delete, this replica's copy (or JSON null when it holds none: the backend keeps its own).</summary>
        public override void WriteItem(int row, Utf8JsonWriter writer)
        {
            if (item is null)
            {
                writer.WriteNullValue();
                return;
            }
            TCodec.WriteItem(writer, item);
        }

        public override long ExpiresAt(int row) => TShape.HasExpiresAt && item is not null && !Deleted ? TShape.ExpiresAt(item) : long.MaxValue;
    }
}

/// <summary>The key-typed side of a link, for the extensions in <see cref="LiveStoreExtensions"/>.</summary>
internal interface ILiveKeyVersions<TKey>
    where TKey : struct
{
    long VersionOf(in TKey key);

    Task<long> RemoveIfVersionAsync(TKey key, long expectedVersion, CancellationToken cancellationToken);
}

/// <summary>The item-typed side of a link, for the extensions in <see cref="LiveStoreExtensions"/>.</summary>
internal interface ILiveItemWrites<T>
{
    Task<long> UpsertIfVersionAsync(T item, long expectedVersion, CancellationToken cancellationToken);
}
