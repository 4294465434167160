using System.Linq;

namespace StoreGen.Generators.Emit;

/// <summary>
/// Writes the on-demand variant (the resource store's CachedStore): an index of references (keys only, with the same
/// key-prefix lookups) and a cache that loads full items through the application's loader on first use.
/// </summary>
internal static class OnDemandEmitter
{
    public static void Emit(SourceWriter w, EmitContext c)
    {
        if (!c.HasOnDemand)
        {
            return;
        }
        var m = c.Model;
        string key = c.KeyType;
        string entity = c.Entity;
        string loader = $"global::System.Func<{key}, global::System.Threading.CancellationToken, global::System.Threading.Tasks.ValueTask<{c.NullableEntity}>>";
        string refs = $"global::StoreGen.Engine.StoreEngine<{key}, {key}, ReferenceShape>";
        string refReader = "ReferenceReader";
        var prefixes = c.Lookups.Where(l => l.FromKey).ToList();
        ReadsEmitter.EmitInterface(w, c);
        w.Line();
        w.Line("/// <summary>");
        w.Line($"/// Holds only references (keys) to <see cref=\"{entity}\"/> items and loads the items themselves through a loader on");
        w.Line("/// first use, caching them for a time to live (the resource store's CachedStore). Concurrent requests for one key");
        w.Line("/// share one load; a failed load throws and is never cached.");
        w.Line("/// </summary>");
        using (w.Block($"public sealed class OnDemand : {ReadsEmitter.Name}, global::System.IDisposable"))
        {
            w.Line($"private readonly {refs} _references = new(null);");
            w.Line($"private readonly global::StoreGen.Engine.OnDemandCache<{key}, {entity}> _cache;");
            w.Line();
            w.Line("/// <summary>Creates an empty on-demand store that loads items with <paramref name=\"loader\"/>.</summary>");
            w.Line($"public OnDemand({loader} loader, global::StoreGen.OnDemandOptions? options = null) =>");
            w.Line($"    _cache = new(\"{m.StoreName}.OnDemand\", loader, options, key => Shape.KeyValues(key));");
            w.Line();
            w.Line("/// <summary>The on-demand store's name, as errors report it.</summary>");
            w.Line($"public string StoreName => ReferenceShape.StoreName;");
            w.Line();
            w.Line("/// <summary>How many references are held.</summary>");
            w.Line("public int ReferenceCount => _references.State.Count;");
            w.Line();
            w.Line("/// <summary>The cache's hit, miss, load and failure counts.</summary>");
            w.Line("public global::StoreGen.CacheStatistics Statistics => _cache.Statistics;");
            w.Line();
            w.Line("/// <summary>Records that an item with this key exists (a watcher calls this); nothing is loaded yet.</summary>");
            w.Line($"public void AddReference({c.KeyParameters}) => _references.Upsert(new {key}({c.KeyArguments}), nameof(AddReference));");
            w.Line();
            w.Line("/// <summary>Forgets the reference and any cached item; false if there was no reference.</summary>");
            using (w.Block($"public bool RemoveReference({c.KeyParameters})"))
            {
                w.Line($"var key = new {key}({c.KeyArguments});");
                w.Line("_cache.Invalidate(key);");
                w.Line("return _references.Remove(key, nameof(RemoveReference));");
            }
            w.Line();
            w.Line("/// <summary>Makes the references exactly <paramref name=\"keys\"/>, atomically; cached items of dropped keys go too.</summary>");
            using (w.Block($"public void ReplaceReferences(global::System.Collections.Generic.IEnumerable<{key}> keys)"))
            {
                w.Line("var wanted = global::System.Linq.Enumerable.ToArray(keys);");
                w.Line("_references.ReplaceAll(wanted, nameof(ReplaceReferences));");
                w.Line("_cache.Clear();");
            }
            w.Line();
            w.Line("/// <summary>The item with this key: null if there is no reference or the loader finds nothing; loaded on a cache miss.</summary>");
            using (w.Block($"public global::System.Threading.Tasks.ValueTask<{c.NullableEntity}> GetAsync({c.KeyParameters}, global::System.Threading.CancellationToken cancellationToken = default)"))
            {
                w.Line($"var key = {refReader}.Checked(new {key}({c.KeyArguments}), nameof(GetAsync));");
                w.Line($"return {refReader}.TryGet(_references.View(), key, out _)");
                w.Line("    ? _cache.GetAsync(key, nameof(GetAsync), cancellationToken)");
                w.Line($"    : global::System.Threading.Tasks.ValueTask.FromResult<{c.NullableEntity}>(null);");
            }
            foreach (var prefix in prefixes)
            {
                w.Line();
                w.Line($"/// <summary>Every referenced item under this {prefix.DisplayName}, loading what is not cached (concurrently), in reference order.</summary>");
                using (w.Block($"public async global::System.Threading.Tasks.ValueTask<global::System.Collections.Generic.IReadOnlyList<{entity}>> FindAsync({prefix.Parameters}, global::System.Threading.CancellationToken cancellationToken = default)"))
                {
                    w.Line($"var keys = {refReader}.Find(_references.View(), {prefix.Number}, {prefix.HashCall("nameof(FindAsync)")}, new {prefix.MatcherType}({prefix.Arguments}));");
                    w.Line("return await LoadAsync(keys, nameof(FindAsync), cancellationToken).ConfigureAwait(false);");
                }
            }
            w.Line();
            w.Line("/// <summary>Every referenced item, loading what is not cached (concurrently), in reference order.</summary>");
            w.Line($"public global::System.Threading.Tasks.ValueTask<{ReadsEmitter.List(c)}> ListAsync(global::System.Threading.CancellationToken cancellationToken = default) =>");
            w.Line($"    LoadAsync({refReader}.ToArray(_references.View()), nameof(ListAsync), cancellationToken);");
            w.Line();
            w.Line("/// <summary>Loads <paramref name=\"keys\"/> through the cache, concurrently; items the loader does not find are left out.</summary>");
            using (w.Block($"private async global::System.Threading.Tasks.ValueTask<{ReadsEmitter.List(c)}> LoadAsync(global::System.Collections.Generic.IReadOnlyList<{key}> keys, string operation, global::System.Threading.CancellationToken cancellationToken)"))
            {
                w.Line($"var loads = new global::System.Threading.Tasks.Task<{c.NullableEntity}>[keys.Count];");
                using (w.Block("for (int n = 0; n < loads.Length; n++)"))
                {
                    w.Line("loads[n] = _cache.GetAsync(keys[n], operation, cancellationToken).AsTask();");
                }
                w.Line("var items = await global::System.Threading.Tasks.Task.WhenAll(loads).ConfigureAwait(false);");
                w.Line($"return global::System.Linq.Enumerable.ToArray(global::System.Linq.Enumerable.OfType<{entity}>(items));");
            }
            w.Line();
            w.Line("/// <summary>Drops every cached item, so the next reads load afresh (references stay).</summary>");
            w.Line("public void ClearCache() => _cache.Clear();");
            w.Line();
            w.Line("/// <summary>Releases the reference index.</summary>");
            w.Line("public void Dispose() => _references.Dispose();");
        }
        w.Line();
        w.Line("/// <summary>The lock-free reads of the reference index, under a short name.</summary>");
        w.Line($"private abstract class ReferenceReader : global::StoreGen.Engine.StoreReader<{key}, {key}, ReferenceShape>");
        w.Line("{");
        w.Line("}");
        w.Line();
        w.Line("/// <summary>The reference index's shape: the keys themselves, with the store's key-prefix lookups.</summary>");
        using (w.Block($"private readonly struct ReferenceShape : global::StoreGen.Engine.IStoreShape<{key}, {key}>"))
        {
            w.Line($"public static string StoreName => \"{m.StoreName}.OnDemand\";");
            w.Line();
            w.Line($"public static {EmitContext.ReadOnlyList}<string> KeyNames => Shape.KeyNames;");
            w.Line();
            w.Line($"public static {EmitContext.ReadOnlyList}<string> IndexNames {{ get; }} = global::System.Linq.Enumerable.ToArray(global::System.Linq.Enumerable.Take(Shape.IndexNames, {prefixes.Count}));");
            w.Line();
            w.Line($"public static int IndexCount => {prefixes.Count};");
            w.Line();
            w.Line("public static bool HasUniqueIndexes => false;");
            w.Line();
            w.Line("public static bool HasExpiresAt => false;");
            w.Line();
            w.Line($"public static long ExpiresAt(in {key} item) => long.MaxValue;");
            w.Line();
            w.Line($"public static {key} KeyOf(in {key} item) => item;");
            w.Line();
            w.Line($"public static string? ValidateKey(in {key} key) => Shape.ValidateKey(key);");
            w.Line();
            w.Line($"public static object?[] KeyValues(in {key} key) => Shape.KeyValues(key);");
            w.Line();
            w.Line($"public static int HashKey(in {key} key) => Shape.HashKey(key);");
            w.Line();
            w.Line($"public static bool KeyEquals(in {key} a, in {key} b) => Shape.KeyEquals(a, b);");
            w.Line();
            w.Line("public static bool IsUnique(int index) => false;");
            w.Line();
            ShapeEmitter.EmitIndexSwitch(w, prefixes, $"int HashIndex(int index, in {key} key, in {key} item)",
                l => $"Shape.{l.HashMethod}({string.Join(", ", l.Members.Select(member => "key." + member.Identifier))})");
            ShapeEmitter.EmitIndexSwitch(w, prefixes, $"bool IndexEquals(int index, in {key} keyA, in {key} a, in {key} keyB, in {key} b)",
                l => SourceWriter.All(l.Members.Select(member => ShapeEmitter.Equal(member, "keyA." + member.Identifier, "keyB." + member.Identifier)), ShapeEmitter.ArmContinuation));
            ShapeEmitter.EmitIndexSwitch(w, prefixes, $"object?[] IndexValues(int index, in {key} key, in {key} item)",
                l => $"new object?[] {{ {string.Join(", ", l.Members.Select(member => "key." + member.Identifier))} }}");
        }
    }
}
