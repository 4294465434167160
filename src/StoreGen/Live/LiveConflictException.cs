using System.Collections.Generic;

namespace StoreGen.Live;

/// <summary>
/// A conditional write (<see cref="LiveStoreExtensions.UpsertIfVersionAsync{T}"/>,
/// <see cref="LiveStoreExtensions.RemoveIfVersionAsync{TKey}"/>) found another version of the key in the database than
/// the caller expected. Nothing was changed, in the database or in any replica. Read the key's current item and version
/// (after <see cref="ILiveBackend.SyncAsync"/> if it must be the very latest) and decide again.
/// </summary>
public sealed class LiveConflictException : StoreException
{
    /// <summary>Creates the exception; the message names the store, operation, keys, where, and both versions.</summary>
    public LiveConflictException(string storeName, string operation, IReadOnlyList<object?> keys, string target, long expectedVersion, long actualVersion)
        : base(storeName, operation, keys, $"conflict in {target}: expected version {Describe(expectedVersion)}, but it holds version {Describe(actualVersion)}; nothing was changed")
    {
        ExpectedVersion = expectedVersion;
        ActualVersion = actualVersion;
    }

    /// <summary>The version the caller expected (0: absent).</summary>
    public long ExpectedVersion { get; }

    /// <summary>The key's version in the database when the write was refused (0: absent or deleted).</summary>
    public long ActualVersion { get; }

    private static string Describe(long version) => version == 0 ? "0 (absent)" : version.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
