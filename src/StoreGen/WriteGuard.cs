namespace StoreGen;

/// <summary>Validates a write before it is applied: return null to allow it, or the reason to reject it.</summary>
public delegate string? WriteGuard<T>(in WriteAttempt<T> attempt);

/// <summary>A write about to be applied: the public operation, whether it stores or removes, and the item concerned.</summary>
public readonly record struct WriteAttempt<T>(string Operation, WriteKind Kind, T Item);

/// <summary>Whether a write stores an item or removes one.</summary>
public enum WriteKind
{
    /// <summary>The item is about to be added or to replace the stored one.</summary>
    Upsert,

    /// <summary>The (stored) item is about to be removed.</summary>
    Remove,
}
