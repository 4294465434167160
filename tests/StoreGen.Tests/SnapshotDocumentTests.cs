using System;
using System.Linq;
using System.Text;
using StoreGen.Persistence;
using Xunit;

namespace StoreGen.Tests;

/// <summary>
/// The snapshot document's structure checks, each by the rule that fired and the facts its message names, and
/// what a reader accepts besides the exact shape the writer produces.
/// </summary>
public class SnapshotDocumentTests
{
    private const string Invoice7 = "{\"number\":7,\"tier\":\"Pro\",\"amount\":2}";

    [Theory]
    [InlineData("[]", "not a JSON object")]
    [InlineData("{\"format\":3,\"stores\":{}}", "format 3, newer than this StoreGen reads (1)")]
    [InlineData("{\"stores\":{},\"format\":1}", "format comes after its stores")]
    [InlineData("{\"persistedAt\":\"2026-01-01T00:00:00+00:00\"}", "no format")]
    [InlineData("{\"format\":1,\"stores\":[]}", "'stores' is not an object")]
    [InlineData("{\"format\":1,\"stores\":{\"InvoiceStore\":[]}}", "store 'InvoiceStore' is not an object")]
    [InlineData("{\"format\":1,\"stores\":{\"InvoiceStore\":{\"items\":{}}}}", "the items of 'InvoiceStore' are not an array")]
    [InlineData("{\"format\":1,\"stores\":{}} trailing", "not valid JSON")]
    [InlineData("{\"format\":1,\"stores\":{\"InvoiceStore\":{\"items\":[", "not valid JSON")]
    public void Each_structure_check_names_what_is_wrong_and_restores_nothing(string document, string problem)
    {
        var store = new InvoiceStore();
        store.Upsert(new Invoice(1, Tier.Free, 1m));

        var error = Assert.Throws<SnapshotFormatException>(() => Restore(document, store));
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { 1 }, store.Select(i => i.Number));
        Assert.Equal(1, store.Version);
    }

    [Fact]
    public void A_store_missing_from_the_document_is_named_with_the_stores_it_holds()
    {
        var error = Assert.Throws<SnapshotFormatException>(() => Restore(
            "{\"format\":1,\"stores\":{\"ClaimStore\":{\"items\":[]},\"XrStore\":{\"items\":[]}}}", new InvoiceStore(), new IngressStore()));
        Assert.Contains("InvoiceStore, IngressStore", error.Message, StringComparison.Ordinal);
        Assert.Contains("ClaimStore, XrStore", error.Message, StringComparison.Ordinal);

        var one = Assert.Throws<SnapshotFormatException>(() => Restore("{\"format\":1,\"stores\":{\"ClaimStore\":{\"items\":[]}}}", new InvoiceStore()));
        Assert.Contains("InvoiceStore", one.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Items_that_cannot_be_read_name_their_store_and_keep_the_cause()
    {
        var store = new InvoiceStore();
        var error = Assert.Throws<SnapshotFormatException>(() => Restore(
            "{\"format\":1,\"stores\":{\"InvoiceStore\":{\"items\":[{\"number\":\"seven\"}]}}}", store));
        Assert.Contains("InvoiceStore", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.InnerException);
        Assert.Contains(error.InnerException!.Message, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, store.Count);
    }

    [Theory]
    [InlineData("[7]", typeof(System.Text.Json.JsonException))]                       // not an object
    [InlineData("[{\"number\":\"seven\"}]", typeof(InvalidOperationException))]      // a string for a number
    [InlineData("[{\"number\":1e99}]", typeof(FormatException))]                        // out of range
    public void Every_kind_of_unreadable_item_is_reported_as_a_snapshot_error_naming_the_store(string items, Type cause)
    {
        var store = new InvoiceStore();
        var error = Assert.Throws<SnapshotFormatException>(() => Restore(
            "{\"format\":1,\"stores\":{\"InvoiceStore\":{\"items\":" + items + "}}}", store));
        Assert.Contains("InvoiceStore", error.Message, StringComparison.Ordinal);
        Assert.IsType(cause, error.InnerException);
    }

    [Fact]
    public void A_store_that_rejects_its_items_is_reported_as_a_snapshot_error_and_nothing_is_applied()
    {
        var invoices = new InvoiceStore();
        invoices.Upsert(new Invoice(1, Tier.Free, 1m));
        var error = Assert.Throws<SnapshotFormatException>(() => Restore(
            "{\"format\":1,\"stores\":{\"InvoiceStore\":{\"items\":[" + Invoice7 + "]},\"Rejecting\":{\"items\":[]}}}",
            invoices, new RejectingStore()));
        Assert.Contains("Rejecting", error.Message, StringComparison.Ordinal);
        Assert.Contains("no items today", error.Message, StringComparison.Ordinal);
        Assert.IsType<StoreException>(error.InnerException);
        Assert.Equal(new[] { 1 }, invoices.Select(i => i.Number));   // read, but not applied
    }

    [Fact]
    public void Unknown_members_are_skipped_and_stores_the_group_does_not_hold_are_ignored()
    {
        var store = new InvoiceStore();
        var persistedAt = Restore(
            "{\"comment\":{\"nested\":[1,{\"format\":9}]},\"format\":1,\"persistedAt\":\"2026-03-04T05:06:07+00:00\","
            + "\"stores\":{\"OtherStore\":{\"items\":[{\"x\":1}]},"
            + "\"InvoiceStore\":{\"version\":12,\"note\":[1,2],\"items\":[" + Invoice7 + "],\"after\":{\"items\":5}}},\"tail\":[]}",
            store);

        Assert.Equal(new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero), persistedAt);
        var invoice = Assert.Single(store);
        Assert.Equal(new Invoice(7, Tier.Pro, 2m), invoice);
    }

    [Fact]
    public void An_older_format_is_read_and_a_document_without_a_time_restores_with_the_default()
    {
        var store = new InvoiceStore();
        var persistedAt = Restore("{\"format\":0,\"stores\":{\"InvoiceStore\":{\"items\":[" + Invoice7 + "]}}}", store);
        Assert.Equal(default, persistedAt);
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public void Several_stores_written_together_restore_together_with_their_versions()
    {
        var invoices = new InvoiceStore();
        invoices.UpsertMany(new[] { new Invoice(1, Tier.Free, 1m), new Invoice(2, Tier.Pro, 2m) });
        var ingresses = new IngressStore();
        ingresses.Upsert(Make.Ingress("ns", "a", uid: 1));
        var at = new DateTimeOffset(2026, 5, 6, 7, 8, 9, TimeSpan.FromHours(2));

        var (document, versions) = SnapshotDocument.Write(new IPersistableStore[] { invoices, ingresses }, at);
        Assert.Equal(2, versions["InvoiceStore"]);
        Assert.Equal(1, versions["IngressStore"]);

        var (invoices2, ingresses2) = (new InvoiceStore(), new IngressStore());
        Assert.Equal(at, SnapshotDocument.Restore(document, new IPersistableStore[] { invoices2, ingresses2 }));
        Assert.Equal(invoices.ToArray(), invoices2.ToArray());
        Assert.Equal(ingresses.ToArray(), ingresses2.ToArray());
    }

    /// <summary>A store whose codec refuses what it reads, the way a store may reject items it cannot hold.</summary>
    private sealed class RejectingStore : IPersistableStore
    {
        public string StoreName => "Rejecting";

        public long Version => 0;

        public long WriteItems(System.Text.Json.Utf8JsonWriter writer) => throw new NotSupportedException();

        public PendingRestore ReadItems(ref System.Text.Json.Utf8JsonReader reader) =>
            throw new StoreException(StoreName, "Restore", Array.Empty<object?>(), "no items today");
    }

    private static DateTimeOffset Restore(string document, params IPersistableStore[] stores) =>
        SnapshotDocument.Restore(Encoding.UTF8.GetBytes(document), stores);
}
