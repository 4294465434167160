using System;
using StoreGen;

namespace StoreGen.Postgres.Tests;

/// <summary>A feature flag, keyed by (Key, Env): the feature-flag store's shape.</summary>
[Store(Keys = new[] { nameof(Key), nameof(Env) })]
public sealed partial record Flag(string Key, string Env, bool Enabled, int Rollout, string? Description);
