using System;

namespace StoreGen.Persistence;

/// <summary>How restored items are applied to a store.</summary>
public enum RestoreMode
{
    /// <summary>The store holds exactly the snapshot's items afterwards (a restore at startup).</summary>
    Replace,

    /// <summary>
    /// The snapshot's items are added where the store holds nothing with their key (or their unique index values):
    /// what the application wrote since startup wins (a restore that succeeded only after the application started).
    /// </summary>
    Merge,
}

/// <summary>Items read and checked from a snapshot, not yet applied: several stores are applied together only once all were read.</summary>
public sealed class PendingRestore
{
    private readonly Func<RestoreMode, int> _apply;

    /// <summary>Wraps <paramref name="apply"/>, which applies the <paramref name="count"/> items read and returns how many the store gained.</summary>
    public PendingRestore(int count, Func<RestoreMode, int> apply)
    {
        Count = count;
        _apply = apply ?? throw new ArgumentNullException(nameof(apply));
    }

    /// <summary>How many items were read.</summary>
    public int Count { get; }

    /// <summary>Applies the items read, atomically for this store; cannot fail (everything was checked when read). Returns how many items the store gained.</summary>
    public int Apply(RestoreMode mode = RestoreMode.Replace) => _apply(mode);
}
