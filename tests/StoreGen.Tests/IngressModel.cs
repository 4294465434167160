using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace StoreGen.Tests;

/// <summary>
/// A deliberately simple model of an <see cref="IngressStore"/>: a list of items in store order (the order of each
/// item's last write) and a version counter. Every write is applied to a copy and committed only if the copy keeps
/// the unique index unique, so a rejected write changes nothing, as the store promises. <see cref="History"/> holds
/// the state after every operation, <see cref="Outcomes"/> what every operation returned, <see cref="LastChanges"/>
/// what the last one changed.
/// </summary>
internal sealed class IngressModel : IIngressReading
{
    public const string Rejected = "StoreException";

    private List<Ingress> _items = new();

    public long Version { get; private set; }

    public int Count => _items.Count;

    public IReadOnlyList<Ingress> Items => _items;

    /// <summary>The changes of the last operation, rendered as <see cref="IngressObservation.Change"/>.</summary>
    public List<string> LastChanges { get; } = new();

    public List<string> Outcomes { get; } = new();

    /// <summary>After each operation: its outcome, everything a reader sees, and its changes.</summary>
    public List<string> Observations { get; } = new();

    /// <summary>Each state the model passed through, by version, rendered by <see cref="IngressObservation.Describe"/>.</summary>
    public List<(long Version, string State)> History { get; } = new();

    public IngressModel() => History.Add((0, IngressObservation.Describe(this)));

    public Ingress? Get(string @namespace, string name) => _items.Find(i => i.Namespace == @namespace && i.Name == name);

    /// <summary>Runs one operation on the model: records its outcome and the resulting state.</summary>
    public void Run(IngressOp op)
    {
        LastChanges.Clear();
        string outcome;
        try
        {
            outcome = op.Apply(this);
        }
        catch (StoreException)
        {
            LastChanges.Clear();
            outcome = Rejected;
        }
        Outcomes.Add($"{op}: {outcome}");
        var state = IngressObservation.Describe(this);
        History.Add((Version, state));
        Observations.Add($"{op}: {outcome}\n{state}{IngressObservation.Changes(LastChanges)}");
    }

    /// <summary>Applies <paramref name="write"/> to a copy; commits it if the unique index stays unique, else throws.</summary>
    public T Write<T>(Func<WriteBuffer, T> write)
    {
        var buffer = new WriteBuffer(new List<Ingress>(_items), Version, LastChanges);
        var result = write(buffer);
        if (buffer.Items.GroupBy(i => i.Uid).Any(g => g.Count() > 1))
        {
            throw new StoreException(nameof(IngressStore), "model", Array.Empty<object?>(), "unique clash");
        }
        _items = buffer.Items;
        Version = buffer.Version;
        return result;
    }

    /// <summary>Applies one change from the store's change feed (used to replay the feed).</summary>
    public void Apply(Change<Ingress> change)
    {
        var buffer = new WriteBuffer(_items, Version, LastChanges);
        if (change.Kind is ChangeKind.Added or ChangeKind.Updated)
        {
            buffer.Upsert(change.Item);
        }
        else
        {
            buffer.Remove(change.Item.Namespace, change.Item.Name);
        }
        Version = change.Version;
    }

    /// <summary>A write in progress: items, version and the changes recorded so far.</summary>
    internal sealed class WriteBuffer(List<Ingress> items, long version, List<string> changes)
    {
        public List<Ingress> Items { get; } = items;

        public long Version { get; private set; } = version;

        public int IndexOf(string @namespace, string name) => Items.FindIndex(i => i.Namespace == @namespace && i.Name == name);

        /// <summary>Every write: an item equal to the stored one is not a change (it keeps its place and version).</summary>
        public void Upsert(Ingress item)
        {
            int existing = IndexOf(item.Namespace, item.Name);
            if (existing >= 0 && Items[existing] == item)
            {
                return;
            }
            if (existing >= 0)
            {
                Items.RemoveAt(existing);
            }
            Items.Add(item);
            Record(existing >= 0 ? ChangeKind.Updated : ChangeKind.Added, item);
        }

        public bool Remove(string @namespace, string name)
        {
            int existing = IndexOf(@namespace, name);
            if (existing < 0)
            {
                return false;
            }
            var item = Items[existing];
            Items.RemoveAt(existing);
            Record(ChangeKind.Removed, item);
            return true;
        }

        /// <summary>Removes every item <paramref name="remove"/> accepts; returns how many.</summary>
        public int RemoveAll(Func<Ingress, bool> remove)
        {
            var doomed = Items.Where(remove).ToList();
            foreach (var item in doomed)
            {
                Remove(item.Namespace, item.Name);
            }
            return doomed.Count;
        }

        /// <summary>ReplaceAll's second half.</summary>
        public void Replace(IEnumerable<Ingress> batch)
        {
            foreach (var item in batch)
            {
                Upsert(item);
            }
        }

        private void Record(ChangeKind kind, Ingress item)
        {
            Version++;
            changes.Add(IngressObservation.Change(kind, item));
        }
    }
}
