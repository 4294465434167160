using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using StoreGen.Live;
using Xunit;

namespace StoreGen.Tests;

/// <summary>
/// A backend may have two batches in flight (<see cref="LiveLink.ReadLocalAfter"/>) and acknowledge them in order; and a
/// batch the database refused (<see cref="LiveLink.Reject"/>) leaves the queue with its durability waits failing.
/// </summary>
public sealed class LiveLinkPipelineTests
{
    private static (InvoiceStore Store, LiveLink Link) Linked()
    {
        var store = new InvoiceStore();
        return (store, ((ILiveStore)store).AttachLive(new LiveLinkOptions()));
    }

    private static Task<LiveBatch> ReadAsync(LiveLink link, int maxRows) =>
        link.ReadLocalAsync(maxRows, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(30));   // a bound: the writes are queued already

    [Fact]
    public async Task The_batch_after_one_in_flight_holds_the_next_transactions_and_both_acknowledge_in_order()
    {
        var (store, link) = Linked();
        for (int n = 1; n <= 5; n++)
        {
            store.Upsert(new Invoice(n, Tier.Free, n));
        }
        var first = await ReadAsync(link, 2);
        var second = link.ReadLocalAfter(first, 2)!;
        var third = link.ReadLocalAfter(second, 2)!;
        Assert.Equal((2, 2, 1), (first.Count, second.Count, third.Count));
        Assert.Null(link.ReadLocalAfter(third, 2));
        Assert.True(first.LastVersion < second.LastVersion && second.LastVersion < third.LastVersion);
        var firstDurable = store.WhenDurableAsync(first.LastVersion);
        var allDurable = store.WhenDurableAsync();

        link.Acknowledge(first, 10);
        Assert.True(firstDurable.IsCompletedSuccessfully);
        Assert.Equal(third.LastVersion, link.ReadLocalAfter(second, 2)!.LastVersion);   // a sliding window: still after the second
        link.Acknowledge(second, 11);
        Assert.False(allDurable.IsCompleted);
        Assert.Equal(third.LastVersion, (await ReadAsync(link, 2)).LastVersion);   // the oldest not acknowledged
        link.Acknowledge(third, 12);
        Assert.True(allDurable.IsCompletedSuccessfully);
        Assert.Equal(0, link.QueueDepth);
    }

    [Fact]
    public async Task A_batch_holds_one_row_per_key_with_its_last_change_and_acknowledging_it_records_those_changes()
    {
        var (store, link) = Linked();
        store.Upsert(new Invoice(1, Tier.Free, 1m));
        store.Upsert(new Invoice(2, Tier.Free, 2m));
        store.Upsert(new Invoice(1, Tier.Free, 10m));   // the key of an earlier transaction of the batch
        store.Upsert(new Invoice(3, Tier.Free, 3m));
        store.Remove(2);

        var batch = await ReadAsync(link, 100);
        Assert.Equal((3, 5), (batch.Count, batch.Changes));
        Assert.Equal(["1:10:False", "2:2:True", "3:3:False"], Enumerable.Range(0, batch.Count).Select(row => RowOf(batch, row)));
        link.Acknowledge(batch, 7);
        long VersionOf(int number) => store.LiveVersionOf(InvoiceStore.KeyOf(new Invoice(number, Tier.Free, 0m)));
        Assert.Equal((7L, 0L, 7L), (VersionOf(1), VersionOf(2), VersionOf(3)));   // a deleted key has none
    }

    /// <summary>A row as "number:amount:deleted", read from the item the batch writes.</summary>
    private static string RowOf(LiveBatch batch, int row)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            batch.WriteItem(row, writer);
        }
        var item = System.Text.Json.JsonDocument.Parse(buffer.WrittenMemory).RootElement;
        string Member(string name) => item.EnumerateObject().Single(member => member.NameEquals(name) || member.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Value.ToString();
        return $"{Member("Number")}:{Member("Amount")}:{batch.IsDeleted(row)}";
    }

    [Fact]
    public async Task A_refused_batch_leaves_the_queue_and_every_wait_covering_it_throws_also_one_asked_later()
    {
        var (store, link) = Linked();
        store.Upsert(new Invoice(1, Tier.Free, 1m));
        store.Upsert(new Invoice(2, Tier.Free, 2m));
        long refusedVersion = store.Version;
        store.Upsert(new Invoice(3, Tier.Free, 3m));
        var first = await ReadAsync(link, 1);
        link.Acknowledge(first, 1);
        var waiting = store.WhenDurableAsync();
        var refused = await ReadAsync(link, 1);
        var reason = new StoreException("InvoiceStore", "WriteBehind", new object?[] { 2 }, "refused");

        link.Reject(refused, reason);
        Assert.Same(reason, await Assert.ThrowsAsync<StoreException>(() => store.WhenDurableAsync(refusedVersion)));
        Assert.Equal(1, link.QueueDepth);
        Assert.False(waiting.IsCompleted, "a wait covering the refused transaction still waits for the one after it");
        var last = await ReadAsync(link, 1);
        Assert.Equal(store.Version, last.LastVersion);   // the transaction after the refused one is still queued
        link.Acknowledge(last, 2);
        Assert.Same(reason, await Assert.ThrowsAsync<StoreException>(() => waiting));
        Assert.Same(reason, await Assert.ThrowsAsync<StoreException>(() => store.WhenDurableAsync()));   // asked later, queued before the refusal
        Assert.True(store.WhenDurableAsync(first.LastVersion).IsCompletedSuccessfully);   // before the refused one: durable
        store.Upsert(new Invoice(4, Tier.Free, 4m));
        var after = store.WhenDurableAsync();
        link.Acknowledge(await ReadAsync(link, 1), 3);
        Assert.True(after.IsCompletedSuccessfully, "a write queued after the refusal is not covered by it");
    }
}
