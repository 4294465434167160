using System.Linq;

namespace StoreGen.Generators.Emit;

/// <summary>
/// Writes <c>IReads</c>: the reads a store and its on-demand twin share (the resource store switches between them
/// behind one interface). The store implements it explicitly with its in-memory reads; the on-demand store with
/// its loading ones. Only for stores that have an on-demand twin.
/// </summary>
internal static class ReadsEmitter
{
    public const string Name = "IReads";

    private const string Token = "global::System.Threading.CancellationToken cancellationToken = default";

    public static string Task(string result) => $"global::System.Threading.Tasks.ValueTask<{result}>";

    public static string List(EmitContext c) => $"{EmitContext.ReadOnlyList}<{c.Entity}>";

    public static void EmitInterface(SourceWriter w, EmitContext c)
    {
        w.Line();
        w.Line("/// <summary>");
        w.Line("/// The reads a store and its <see cref=\"OnDemand\"/> twin share, so code can switch between holding every item and");
        w.Line("/// loading items on first use without changing. Asynchronous because the on-demand store may load.");
        w.Line("/// </summary>");
        using (w.Block($"public interface {Name}"))
        {
            w.Line("/// <summary>The store's name, as errors report it.</summary>");
            w.Line("string StoreName { get; }");
            w.Line();
            w.Line("/// <summary>The item with this key, or null.</summary>");
            w.Line($"{Task(c.NullableEntity)} GetAsync({c.KeyParameters}, {Token});");
            foreach (var prefix in c.Lookups.Where(l => l.FromKey))
            {
                w.Line();
                w.Line($"/// <summary>Every item under this {prefix.DisplayName}.</summary>");
                w.Line($"{Task(List(c))} FindAsync({prefix.Parameters}, {Token});");
            }
            w.Line();
            w.Line("/// <summary>Every item.</summary>");
            w.Line($"{Task(List(c))} ListAsync({Token});");
        }
    }

    /// <summary>The store's explicit implementation: its synchronous reads, already complete.</summary>
    public static void EmitStoreImplementation(SourceWriter w, EmitContext c)
    {
        const string token = "global::System.Threading.CancellationToken cancellationToken";
        w.Line($"{Task(c.NullableEntity)} {Name}.GetAsync({c.KeyParameters}, {token}) => new(Get({c.KeyArguments}));");
        w.Line();
        foreach (var prefix in c.Lookups.Where(l => l.FromKey))
        {
            w.Line($"{Task(List(c))} {Name}.FindAsync({prefix.Parameters}, {token}) => new(Find({prefix.Arguments}));");
            w.Line();
        }
        w.Line($"{Task(List(c))} {Name}.ListAsync({token}) => new(ToArray());");
        w.Line();
    }
}
