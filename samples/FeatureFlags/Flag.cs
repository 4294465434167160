using System;
using StoreGen;

namespace FeatureFlags;

/// <summary>A feature flag of one environment: the feature-flag store's Flag.</summary>
[Store(Keys = new[] { nameof(Env), nameof(Key) })]
[Index(nameof(Key), Name = "FlagKey")]   // named: an index called Key would clash with the generated WhereKey
public sealed partial record Flag(string Env, string Key, string Description, bool Enabled, int Rollout, string? Expression, DateTimeOffset UpdatedAt);
