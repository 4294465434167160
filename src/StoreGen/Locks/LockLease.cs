using System;

namespace StoreGen.Locks;

/// <summary>
/// A held lock. <see cref="Token"/> is unique to this acquisition: only it can release or extend the lock.
/// <see cref="FencingToken"/> grows with every acquisition of any key from the same provider: pass it to the
/// resource you protect and have it refuse tokens lower than the highest it has seen (see docs/locks.md).
/// </summary>
public sealed record LockLease(string Key, string Token, long FencingToken, DateTimeOffset ExpiresAt);
