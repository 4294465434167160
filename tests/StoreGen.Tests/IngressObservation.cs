using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace StoreGen.Tests;

/// <summary>
/// Everything a reader can ask an ingress store, answered by a store snapshot or by <see cref="IngressModel"/>.
/// The model answers the queries from its item list (the default members); a snapshot answers them itself.
/// </summary>
internal interface IIngressReading
{
    long Version { get; }

    int Count { get; }

    /// <summary>Every item, in store order (enumeration).</summary>
    IReadOnlyList<Ingress> Items { get; }

    Ingress? Get(string @namespace, string name) => Items.FirstOrDefault(i => i.Namespace == @namespace && i.Name == name);

    IReadOnlyList<Ingress> Find(string @namespace) => Items.Where(i => i.Namespace == @namespace).ToList();

    IReadOnlyList<Ingress> FindByHost(string host) => Items.Where(i => i.Host == host).ToList();

    Ingress? GetByUid(System.Guid uid) => Items.FirstOrDefault(i => i.Uid == uid);
}

/// <summary>A snapshot of the store as an <see cref="IIngressReading"/>.</summary>
internal sealed class SnapshotReading(IngressStore.SnapshotView snapshot) : IIngressReading
{
    public long Version => snapshot.Version;

    public int Count => snapshot.Count;

    public IReadOnlyList<Ingress> Items { get; } = snapshot.ToList();

    public Ingress? Get(string @namespace, string name) => snapshot.Get(@namespace, name);

    public IReadOnlyList<Ingress> Find(string @namespace) => snapshot.Find(@namespace);

    public IReadOnlyList<Ingress> FindByHost(string host) => snapshot.FindByHost(host);

    public Ingress? GetByUid(System.Guid uid) => snapshot.GetByUid(uid);
}

/// <summary>Renders what a reader sees as text, so the store and the model are compared line by line.</summary>
internal static class IngressObservation
{
    public static string Show(Ingress item) => $"{item.Namespace}/{item.Name}({item.Host}:{item.Port} u{item.Uid.ToString()[..8].TrimStart('0').PadLeft(1, '0')})";

    public static string Change(ChangeKind kind, Ingress item) => $"{kind} {Show(item)}";

    /// <summary>Version, Count, enumeration, every Get, Find, FindByHost, and GetByUid over the domains.</summary>
    public static string Describe(IIngressReading reading)
    {
        var text = new StringBuilder();
        text.Append($"version {reading.Version}, count {reading.Count}\n");
        text.Append($"  items {List(reading.Items)}\n");
        foreach (var ns in IngressGen.Namespaces)
        {
            text.Append($"  {ns}: find {List(reading.Find(ns))} get");
            foreach (var name in IngressGen.Names)
            {
                text.Append(' ').Append(reading.Get(ns, name) is { } item ? Show(item) : "-");
            }
            text.Append('\n');
        }
        foreach (var host in IngressGen.Hosts)
        {
            text.Append($"  {host}: {List(reading.FindByHost(host))}\n");
        }
        text.Append("  uids");
        for (int uid = 0; uid < IngressGen.Uids; uid++)
        {
            text.Append(' ').Append(reading.GetByUid(Make.Uid(uid)) is { } item ? Show(item) : "-");
        }
        return text.Append('\n').ToString();
    }

    /// <summary>One operation's changes: a batch's changes as a sorted list (their order within it is not a contract).</summary>
    public static string Changes(IEnumerable<string> changes) => $"  changes [{string.Join(", ", changes.Order(System.StringComparer.Ordinal))}]\n";

    public static string List(IEnumerable<Ingress> items) => $"[{string.Join(" ", items.Select(Show))}]";
}
