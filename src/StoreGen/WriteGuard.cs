namespace StoreGen;

/// <summary>Validates a write before it is applied: return null to allow it, or the reason to reject it.</summary>
public delegate string? WriteGuard<T>(in WriteAttempt<T> attempt);

/// <summary>
/// A write about to be applied: the public operation, whether it stores or removes, the item concerned, and the
/// context the caller passed with this write (null when the call passed none).
/// </summary>
public readonly record struct WriteAttempt<T>(string Operation, WriteKind Kind, T Item, WriteContext? Context = null);

/// <summary>
/// Who is writing, passed with one call (e.g. <c>store.Upsert(item, new WriteContext(Role: "leader", Source: "scrape"))</c>)
/// so a <see cref="WriteGuard{T}"/> can judge the write by its caller as well as its item: the metric store accepts
/// points only from the leader's scrape. <see cref="State"/> carries anything else the guard needs.
/// </summary>
public sealed record WriteContext(string? Role = null, string? Source = null, object? State = null);

/// <summary>Whether a write stores an item or removes one.</summary>
public enum WriteKind
{
    /// <summary>The item is about to be added or to replace the stored one.</summary>
    Upsert,

    /// <summary>The (stored) item is about to be removed.</summary>
    Remove,
}
