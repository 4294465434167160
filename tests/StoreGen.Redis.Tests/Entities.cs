using System;
using StoreGen;

namespace StoreGen.Redis.Tests;

/// <summary>A feature flag, keyed by (Key, Env): the feature-flag store's shape.</summary>
[Store(Keys = new[] { nameof(Key), nameof(Env) })]
public sealed partial record Flag(string Key, string Env, bool Enabled, int Rollout, string? Description);

/// <summary>A session that expires (the claims cache's shape): Redis carries its expiry.</summary>
[Store(Keys = new[] { nameof(Id) })]
public sealed partial record Session(string Id, string User, [ExpiresAt] DateTimeOffset? ExpiresAt);
