using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using StoreGen;

namespace FeatureFlags;

/// <summary>
/// The feature-flag store's operations on one generated store. Reads are served from memory (lock-free) whatever
/// STORE_TYPE is; with STORE_TYPE=postgres every write is also committed to PostgreSQL and reaches every replica.
/// Writes return once they are durable (awaiting the store's durability acknowledgement).
/// </summary>
public sealed class FlagService(FlagStore store, TimeProvider clock)
{
    /// <summary>Every flag of <paramref name="env"/>, by key.</summary>
    public IReadOnlyList<Flag> GetAllFlags(string env) => store.Find(env).OrderBy(flag => flag.Key, StringComparer.Ordinal).ToArray();

    /// <summary>The flag with <paramref name="key"/> (in any environment, the first found), or null.</summary>
    public Flag? GetFlagByKey(string key) => store.FindByFlagKey(key).FirstOrDefault();

    /// <summary>Creates or replaces a flag, and returns once it is durable.</summary>
    public async Task UpsertFlag(string env, string key, string description, bool enabled, int rollout, string? expression = null, CancellationToken cancellationToken = default)
    {
        store.Upsert(new Flag(env, key, description, enabled, rollout, expression, clock.GetUtcNow()));
        await store.WhenDurableAsync(cancellationToken);
    }

    /// <summary>Deletes a flag; returns whether there was one, once the delete is durable.</summary>
    public async Task<bool> DeleteFlag(string key, string env, CancellationToken cancellationToken = default)
    {
        bool removed = store.Remove(env, key);
        await store.WhenDurableAsync(cancellationToken);
        return removed;
    }
}
