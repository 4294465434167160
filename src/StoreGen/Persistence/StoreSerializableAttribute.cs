using System;

namespace StoreGen;

/// <summary>
/// Asks StoreGen for a reflection-free JSON codec for a type used inside stored items (a nested record or class), so
/// stores holding it can be persisted. Types with [Store] get one already.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public sealed class StoreSerializableAttribute : Attribute
{
}
