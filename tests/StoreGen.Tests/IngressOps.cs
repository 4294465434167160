using System;
using System.Collections.Generic;
using System.Linq;
using CsCheck;

namespace StoreGen.Tests;

/// <summary>
/// One write to an <see cref="IngressStore"/>, applied alike to the store and to <see cref="IngressModel"/>; both
/// return the outcome as text (a rejection throws <see cref="StoreException"/> from either).
/// </summary>
internal abstract record IngressOp
{
    public abstract string Apply(IngressStore store);

    public abstract string Apply(IngressModel model);
}

internal sealed record UpsertOp(Ingress Item) : IngressOp
{
    public override string Apply(IngressStore store)
    {
        store.Upsert(Item);
        return "ok";
    }

    public override string Apply(IngressModel model) => model.Write(b =>
    {
        b.Upsert(Item);
        return "ok";
    });

    public override string ToString() => $"Upsert {IngressObservation.Show(Item)}";
}

internal sealed record TryAddOp(Ingress Item) : IngressOp
{
    public override string Apply(IngressStore store) => store.TryAdd(Item).ToString();

    public override string Apply(IngressModel model) => model.Get(Item.Namespace, Item.Name) is not null
        ? false.ToString()
        : model.Write(b =>
        {
            b.Upsert(Item);
            return true.ToString();
        });

    public override string ToString() => $"TryAdd {IngressObservation.Show(Item)}";
}

internal sealed record RemoveOp(string Namespace, string Name) : IngressOp
{
    public override string Apply(IngressStore store) => store.Remove(Namespace, Name).ToString();

    public override string Apply(IngressModel model) => model.Write(b => b.Remove(Namespace, Name).ToString());

    public override string ToString() => $"Remove {Namespace}/{Name}";
}

internal sealed record UpsertManyOp(Ingress[] Items) : IngressOp
{
    public override string Apply(IngressStore store)
    {
        store.UpsertMany(Items);
        return "ok";
    }

    public override string Apply(IngressModel model) => model.Write(b =>
    {
        foreach (var item in Items)
        {
            b.Upsert(item);
        }
        return "ok";
    });

    public override string ToString() => $"UpsertMany {IngressObservation.List(Items)}";
}

internal sealed record RemoveManyOp(IngressStore.Key[] Keys) : IngressOp
{
    public override string Apply(IngressStore store) => store.RemoveMany(Keys).ToString();

    public override string Apply(IngressModel model) => model.Write(b => Keys.Count(k => b.Remove(k.Namespace, k.Name)).ToString());

    public override string ToString() => $"RemoveMany [{string.Join(", ", Keys.Select(k => $"{k.Namespace}/{k.Name}"))}]";
}

internal sealed record RemoveWhereOp(string Host) : IngressOp
{
    public override string Apply(IngressStore store) => store.RemoveWhere(i => i.Host == Host).ToString();

    public override string Apply(IngressModel model) => model.Write(b => b.RemoveAll(i => i.Host == Host).ToString());

    public override string ToString() => $"RemoveWhere Host == {Host}";
}

/// <summary>ReplaceAll of the whole store (<see cref="Namespace"/> null) or of one key prefix.</summary>
internal sealed record ReplaceAllOp(string? Namespace, Ingress[] Items) : IngressOp
{
    public override string Apply(IngressStore store)
    {
        if (Namespace is null)
        {
            store.ReplaceAll(Items);
        }
        else
        {
            store.ReplaceAll(Namespace, Items);
        }
        return "ok";
    }

    public override string Apply(IngressModel model)
    {
        if (Namespace is not null && Items.Any(i => i.Namespace != Namespace))
        {
            throw new StoreException(nameof(IngressStore), "model", Array.Empty<object?>(), "item outside the prefix");
        }
        var keep = Items.Select(i => (i.Namespace, i.Name)).ToHashSet();
        return model.Write(b =>
        {
            b.RemoveAll(i => (Namespace is null || i.Namespace == Namespace) && !keep.Contains((i.Namespace, i.Name)));
            b.Replace(Items);
            return "ok";
        });
    }

    public override string ToString() => $"ReplaceAll {Namespace ?? "*"} {IngressObservation.List(Items)}";
}

/// <summary>
/// Update of one key by a fixed change: <see cref="Mode"/> 0 removes (returns null), 1 moves the stored item to
/// <see cref="Item"/>'s host and unique id or adds <see cref="Item"/> when none is stored, 2 returns an item with
/// another key (rejected).
/// </summary>
internal sealed record UpdateOp(Ingress Item, int Mode) : IngressOp
{
    private Ingress? Change(Ingress? current) => Mode switch
    {
        0 => null,
        1 => current is null ? Item : current with { Host = Item.Host, Uid = Item.Uid },
        _ => Item with { Name = Item.Name + "-moved" },
    };

    public override string Apply(IngressStore store) => Show(store.Update(new IngressStore.Key(Item.Namespace, Item.Name), Change));

    public override string Apply(IngressModel model)
    {
        var next = Change(model.Get(Item.Namespace, Item.Name));
        if (next is not null && next.Name != Item.Name)
        {
            throw new StoreException(nameof(IngressStore), "model", Array.Empty<object?>(), "another key");
        }
        return model.Write(b =>
        {
            if (next is null)
            {
                b.Remove(Item.Namespace, Item.Name);
            }
            else
            {
                b.Upsert(next);
            }
            return Show(next);
        });
    }

    private static string Show(Ingress? item) => item is null ? "-" : IngressObservation.Show(item);

    public override string ToString() => $"Update {Item.Namespace}/{Item.Name} mode {Mode} {IngressObservation.Show(Item)}";
}

/// <summary>Compare-and-swap: replaces <see cref="Expected"/> by <see cref="Replacement"/> if it is still what is stored.</summary>
internal sealed record TryReplaceOp(Ingress Expected, Ingress Replacement) : IngressOp
{
    public override string Apply(IngressStore store) => store.TryReplace(Expected, Replacement).ToString();

    public override string Apply(IngressModel model) => model.Get(Expected.Namespace, Expected.Name) != Expected
        ? false.ToString()
        : model.Write(b =>
        {
            b.Upsert(Replacement);
            return true.ToString();
        });

    public override string ToString() => $"TryReplace {IngressObservation.Show(Expected)} -> {IngressObservation.Show(Replacement)}";
}

/// <summary>RemoveAll of one key prefix.</summary>
internal sealed record RemoveAllOp(string Namespace) : IngressOp
{
    public override string Apply(IngressStore store) => store.RemoveAll(Namespace).ToString();

    public override string Apply(IngressModel model) => model.Write(b => b.RemoveAll(i => i.Namespace == Namespace).ToString());

    public override string ToString() => $"RemoveAll {Namespace}";
}

/// <summary>
/// Generators over small domains (3 namespaces × 4 names, 3 hosts, 2 ports, 6 unique ids), so keys collide,
/// index chains are shared and unique-index clashes are frequent.
/// </summary>
internal static class IngressGen
{
    public static readonly string[] Namespaces = { "a", "b", "c" };
    public static readonly string[] Names = { "n0", "n1", "n2", "n3" };
    public static readonly string[] Hosts = { "h0", "h1", "h2" };
    public static readonly int[] Ports = { 0, 1 };
    public const int Uids = 6;

    public static readonly Gen<Ingress> Item = Gen.Select(Gen.Int[0, 2], Gen.Int[0, 3], Gen.Int[0, 2], Gen.Int[0, 1], Gen.Int[0, Uids - 1],
        (ns, name, host, port, uid) => new Ingress(Namespaces[ns], Names[name], Hosts[host], Ports[port], Make.Uid(uid)));

    private static readonly Gen<string> Namespace = Gen.Int[0, 2].Select(n => Namespaces[n]);

    private static readonly Gen<IngressStore.Key> Key = Gen.Select(Namespace, Gen.Int[0, 3], (ns, name) => new IngressStore.Key(ns, Names[name]));

    /// <summary>Items under one namespace; now and then one from elsewhere, which ReplaceAll(prefix) must reject.</summary>
    private static readonly Gen<ReplaceAllOp> ReplacePrefix = Gen.Select(Namespace, Item.Array[0, 4], Gen.Int[0, 9],
        (ns, items, stray) => new ReplaceAllOp(ns, items.Select((i, n) => n == 0 && stray == 0 ? i : i with { Namespace = ns }).ToArray()));

    public static readonly Gen<IngressOp> Write = Gen.Frequency(
        (6, Item.Select(i => (IngressOp)new UpsertOp(i))),
        (3, Item.Select(i => (IngressOp)new TryAddOp(i))),
        (4, Key.Select(k => (IngressOp)new RemoveOp(k.Namespace, k.Name))),
        (3, Item.Array[1, 4].Select(items => (IngressOp)new UpsertManyOp(items))),
        (2, Key.Array[1, 4].Select(keys => (IngressOp)new RemoveManyOp(keys))),
        (1, Gen.Int[0, 2].Select(h => (IngressOp)new RemoveWhereOp(Hosts[h]))),
        (1, Item.Array[0, 6].Select(items => (IngressOp)new ReplaceAllOp(null, items))),
        (2, ReplacePrefix.Select(op => (IngressOp)op)),
        (3, Gen.Select(Item, Gen.Int[0, 2], (item, mode) => (IngressOp)new UpdateOp(item, mode))),
        // the expected item is often what is stored (small domains), so both outcomes of the swap are exercised
        (3, Gen.Select(Item, Item, (expected, other) => (IngressOp)new TryReplaceOp(expected, other with { Namespace = expected.Namespace, Name = expected.Name }))),
        (1, Namespace.Select(ns => (IngressOp)new RemoveAllOp(ns))));
}
