namespace StoreGen.Generators.Emit;

/// <summary>
/// Writes the store's read-modify-write members: <c>Update</c>, <c>AddOrUpdate</c> and <c>TryReplace</c>, each one
/// transaction under the write lock, so concurrent updates of one key are never lost.
/// </summary>
internal static class AtomicEmitter
{
    public static void Emit(SourceWriter w, EmitContext c)
    {
        string entity = c.Entity;
        string nullable = c.NullableEntity;
        w.Line("/// <summary>");
        w.Line("/// Atomically replaces the item with <paramref name=\"key\"/> by what <paramref name=\"change\"/> makes of it (it gets");
        w.Line("/// null when no item is stored; returning null removes the item); returns the item stored afterwards, or null.");
        w.Line("/// <paramref name=\"change\"/> runs under the write lock exactly once per call, so it must be fast and free of side");
        w.Line("/// effects and store calls; if it throws, nothing is changed. The new item must have the same key.");
        w.Line("/// </summary>");
        w.Line("/// <exception cref=\"global::StoreGen.StoreException\">The new item has another key, or the write is rejected; nothing was changed.</exception>");
        using (w.Block($"public {nullable} Update({c.KeyType} key, global::System.Func<{nullable}, {nullable}> change)"))
        {
            w.Line("global::System.ArgumentNullException.ThrowIfNull(change);");
            w.Line("var result = _engine.Update(key,");
            w.Line($"    (found, current) => change(found ? current : null) is {{ }} next ? (true, next) : (false, default({entity})!),");
            w.Line("    nameof(Update));");
            w.Line("return result.Stored ? result.Item : null;");
        }
        w.Line();
        w.Line("/// <summary>");
        w.Line("/// Atomically adds <paramref name=\"item\"/> if its key is not stored, or replaces the stored item by what");
        w.Line("/// <paramref name=\"update\"/> makes of it (same rules as <see cref=\"Update\"/>); returns the item stored.");
        w.Line("/// </summary>");
        w.Line($"public {entity} AddOrUpdate({entity} item, global::System.Func<{entity}, {entity}> update) => _engine.AddOrUpdate(item, update, nameof(AddOrUpdate));");
        w.Line();
        w.Line("/// <summary>");
        w.Line("/// Compare-and-swap: atomically replaces <paramref name=\"expected\"/> by <paramref name=\"replacement\"/> (same key) if");
        w.Line("/// the stored item is still equal to <paramref name=\"expected\"/>; returns whether it did. On false, read again and retry.");
        w.Line("/// </summary>");
        w.Line($"public bool TryReplace({entity} expected, {entity} replacement) => _engine.TryReplace(expected, replacement, nameof(TryReplace));");
        w.Line();
    }
}
