using System;

namespace StoreGen.Persistence;

/// <summary>Items read from a snapshot, not yet applied: several stores are applied together only once all were read.</summary>
public sealed class PendingRestore
{
    private readonly Action _apply;

    /// <summary>Wraps <paramref name="apply"/>, which replaces the store's items with the <paramref name="count"/> read.</summary>
    public PendingRestore(int count, Action apply)
    {
        Count = count;
        _apply = apply;
    }

    /// <summary>How many items were read.</summary>
    public int Count { get; }

    /// <summary>Makes the store hold exactly the items read, atomically.</summary>
    public void Apply() => _apply();
}
