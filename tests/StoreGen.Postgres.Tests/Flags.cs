using System;
using StoreGen;

namespace StoreGen.Postgres.Tests;

/// <summary>A feature flag, keyed by (Key, Env): the feature-flag store's shape.</summary>
[Store(Keys = new[] { nameof(Key), nameof(Env) })]
public sealed partial record Flag(string Key, string Env, bool Enabled, int Rollout, string? Description);

/// <summary>Every key column type a live backend maps, in one key.</summary>
[Store(Keys = new[] { nameof(Id), nameof(Tenant), nameof(Day), nameof(At), nameof(Level), nameof(Small), nameof(Big), nameof(Active) })]
public sealed partial record Wide(Guid Id, string Tenant, DateOnly Day, DateTimeOffset At, Level Level, short Small, long Big, bool Active, string Payload);

/// <summary>An enum key member.</summary>
public enum Level
{
    Low,
    High,
}
