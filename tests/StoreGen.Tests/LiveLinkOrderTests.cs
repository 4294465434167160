using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using StoreGen.Live;
using Xunit;

namespace StoreGen.Tests;

/// <summary>
/// A live link keeps commit order when a poll reads another replica's change to a key whose local change is on its way
/// to the database: the batch has committed there but is not acknowledged yet, so the key still counts as queued. The
/// remote change is held back and, once the local batch is acknowledged and settled, applied if it committed after it.
/// (Before, it was dropped for good: the replica kept its own older value while the others held the newer one.)
/// </summary>
public sealed class LiveLinkOrderTests
{
    private static RemoteRow Row(Invoice item, long version, bool deleted = false)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            InvoiceJsonCodec.Write(writer, item);
        }
        return new RemoteRow(deleted, Encoding.UTF8.GetString(buffer.WrittenSpan), new object?[] { item.Number }, version);
    }

    /// <summary>A store with a link whose one local write is read by the backend (in flight), not yet acknowledged.</summary>
    private static async Task<(InvoiceStore Store, LiveLink Link, LiveBatch InFlight)> InFlightWrite(Invoice local)
    {
        var store = new InvoiceStore();
        var link = ((ILiveStore)store).AttachLive(new LiveLinkOptions());
        store.Upsert(local);
        var batch = await link.ReadLocalAsync(100, CancellationToken.None).AsTask().WaitAsync(System.TimeSpan.FromSeconds(30));   // a bound, not a wait: the write is queued already
        return (store, link, batch);
    }

    [Fact]
    public async Task A_remote_change_committed_after_an_in_flight_local_batch_wins_once_the_batch_is_acknowledged()
    {
        var (store, link, batch) = await InFlightWrite(new Invoice(1, Tier.Free, 1m));   // commits as version 5
        link.ApplyRemote(new[] { Row(new Invoice(1, Tier.Pro, 2m), version: 6) }, "test", upToVersion: 6);
        Assert.Equal(1m, store.Get(1)!.Amount);   // held back: the key's local change is not acknowledged yet

        link.Acknowledge(batch, committedVersion: 5);
        link.ApplyRemote(System.Array.Empty<RemoteRow>(), "test", upToVersion: 6);   // the next poll: nothing new

        Assert.Equal(new Invoice(1, Tier.Pro, 2m), store.Get(1));
        Assert.Equal(0, link.QueueDepth);
    }

    [Fact]
    public async Task A_remote_delete_committed_after_an_in_flight_local_batch_removes_the_item()
    {
        var (store, link, batch) = await InFlightWrite(new Invoice(1, Tier.Free, 1m));
        link.ApplyRemote(new[] { Row(new Invoice(1, Tier.Free, 1m), version: 9, deleted: true) }, "test", upToVersion: 9);
        link.Acknowledge(batch, committedVersion: 8);
        link.ApplyRemote(System.Array.Empty<RemoteRow>(), "test", upToVersion: 9);

        Assert.Null(store.Get(1));
    }

    [Fact]
    public async Task A_remote_change_committed_before_the_local_batch_stays_overwritten()
    {
        var (store, link, batch) = await InFlightWrite(new Invoice(1, Tier.Free, 1m));   // commits as version 7
        link.ApplyRemote(new[] { Row(new Invoice(1, Tier.Pro, 2m), version: 6) }, "test", upToVersion: 6);
        link.Acknowledge(batch, committedVersion: 7);
        link.ApplyRemote(System.Array.Empty<RemoteRow>(), "test", upToVersion: 7);

        Assert.Equal(new Invoice(1, Tier.Free, 1m), store.Get(1));   // the local change is the later one
    }
}
