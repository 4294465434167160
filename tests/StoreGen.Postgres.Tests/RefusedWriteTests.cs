using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace StoreGen.Postgres.Tests;

/// <summary>Writes PostgreSQL refuses for good: rejected at the store when known in advance, set aside otherwise, never blocking later writes.</summary>
public sealed class RefusedWriteTests
{
    [Fact]
    public async Task A_text_key_with_a_NUL_character_is_rejected_by_the_store_and_changes_nothing()
    {
        await using var db = new Database();
        var store = new FlagStore();
        var backend = await db.StartAsync(store);

        var rejected = Assert.Throws<StoreException>(() => store.Upsert(new Flag("dark\0mode", "prod", true, 1, null)));
        Assert.Equal("FlagStore", rejected.StoreName);
        Assert.Contains("key member 'Key' holds a NUL character", rejected.Message, StringComparison.Ordinal);
        Assert.Contains("dark\0mode", rejected.Message, StringComparison.Ordinal);
        Assert.Empty(store.ToArray());
        Assert.Equal(0, backend.QueueDepth);

        store.Upsert(new Flag("dark-mode", "prod", true, 1, null));   // later writes go on
        await store.WhenDurableAsync();
        Assert.Equal(1L, await db.ScalarAsync<long>($"SELECT count(*) FROM {db.QuotedSchema}.\"storegen_FlagStore\""));
    }

    [Fact]
    public async Task A_transaction_refused_for_good_is_set_aside_its_keys_take_the_table_s_values_and_later_writes_land()
    {
        await using var db = new Database();
        var writer = new FlagStore();
        var reader = new FlagStore();
        var backend = await db.StartAsync(writer);
        await db.StartAsync(reader);
        writer.Upsert(new Flag("kept", "prod", true, 10, "stored"));
        await writer.WhenDurableAsync();

        // jsonb cannot hold \u0000, which the store cannot know: PostgreSQL refuses the row (22P05) every time.
        writer.Upsert(new Flag("before", "prod", true, 1, null));
        writer.UpsertMany(new[] { new Flag("kept", "prod", false, 99, "bad\0"), new Flag("new", "prod", false, 98, "bad\0") });
        writer.Upsert(new Flag("after", "prod", true, 2, null));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var refused = await Assert.ThrowsAsync<StoreException>(() => writer.WhenDurableAsync(deadline.Token));
        Assert.Equal("FlagStore", refused.StoreName);
        Assert.Contains("refused the transaction for good (22P05", refused.Message, StringComparison.Ordinal);
        Assert.Contains("[kept/prod, new/prod]", refused.Message, StringComparison.Ordinal);

        writer.Upsert(new Flag("later", "prod", true, 3, null));
        await writer.WhenDurableAsync(deadline.Token);
        Assert.Equal(0, backend.QueueDepth);
        Assert.Null(backend.LastError);                                 // recovered: later writes succeed
        Assert.Equal(refused.Message, backend.LastRefused?.Message);    // the refusal stays visible

        // The refused values are gone from the writer: "kept" is what the table holds again, "new" was never stored.
        Assert.Equal(new Flag("kept", "prod", true, 10, "stored"), writer.Get("kept", "prod"));
        Assert.Null(writer.Get("new", "prod"));
        string[] expected = { "after", "before", "kept", "later" };
        Assert.Equal(expected, writer.ToArray().Select(f => f.Key).OrderBy(k => k, StringComparer.Ordinal));
        Assert.Equal(4L, await db.ScalarAsync<long>($"SELECT count(*) FROM {db.QuotedSchema}.\"storegen_FlagStore\""));
        await Converge.UntilAsync(reader, s => s.Get("later", "prod") is not null && s.Get("after", "prod") is not null, "the reader sees the writes around the refused one");
        Assert.Equal(Converge.Sorted(writer), Converge.Sorted(reader));
    }

    [Fact]
    public async Task An_item_stored_before_the_backend_started_with_a_key_PostgreSQL_cannot_compare_is_set_aside_and_removed()
    {
        await using var db = new Database();
        var store = new FlagStore();
        store.Upsert(new Flag("dark\0mode", "prod", true, 1, null));   // no backend yet: nothing checks the key
        var backend = await db.StartAsync(store);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        // Everything written so far is the refused item: the wait fails with PostgreSQL's reason. (A wait covering a
        // later write as well would fail too — not everything up to it can become durable — so the later write is made
        // after the refusal, and its own wait covers only what came after.)
        var refused = await Assert.ThrowsAsync<StoreException>(() => store.WhenDurableAsync(deadline.Token));
        Assert.Contains("(22021", refused.Message, StringComparison.Ordinal);

        store.Upsert(new Flag("later", "prod", true, 2, null));
        await store.WhenDurableAsync(deadline.Token);   // the later write lands
        Assert.Contains("(22021", backend.LastRefused?.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { new Flag("later", "prod", true, 2, null) }, store.ToArray());
        Assert.Equal(0, backend.QueueDepth);
        Assert.Equal(1L, await db.ScalarAsync<long>($"SELECT count(*) FROM {db.QuotedSchema}.\"storegen_FlagStore\""));
    }
}
