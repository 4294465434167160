using System;

namespace StoreGen;

/// <summary>
/// Marks the <see cref="DateTimeOffset"/> (or nullable) member holding when an item expires. Expired items are
/// invisible to every read at once and removed by <c>Sweep</c> (reported as <see cref="ChangeKind.Expired"/>).
/// A null value means the item does not expire (or uses <see cref="StoreOptions.DefaultTimeToLive"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class ExpiresAtAttribute : Attribute
{
}
