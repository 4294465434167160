using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using StoreGen.Persistence;
using Xunit;

namespace StoreGen.Tests;

/// <summary>A snapshot another program wrote, in its own shape, restores through a layout; persisting keeps it readable.</summary>
public sealed class SnapshotLayoutTests : IDisposable
{
    private const string Foreign = """
        {"claims":[{"namespace":"team-a","name":"db","host":"db.internal","port":5432,"uid":"00000000-0000-0000-0000-000000000001"}],
         "xrs":[{"number":7,"tier":"Pro","amount":12.5},{"number":8,"tier":"Free","amount":0}],
         "persistedAt":"2026-11-20T08:00:00+00:00"}
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("storegen-layout-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static SnapshotLayout ClaimsAndXrs(bool writeForeign = false) =>
        new SnapshotLayout("persistedAt") { WriteForeign = writeForeign }.Store("IngressStore", "claims").Store("InvoiceStore", "xrs");

    private async Task<FileSnapshotBackend> ForeignFile()
    {
        var backend = new FileSnapshotBackend(Path.Combine(_directory, "snapshot.json"));
        await File.WriteAllTextAsync(backend.Path, Foreign);
        return backend;
    }

    [Fact]
    public async Task Without_a_layout_a_foreign_snapshot_fails_and_blocks_persisting()
    {
        var group = new PersistentStoreGroup(await ForeignFile(), new IPersistableStore[] { new IngressStore(), new InvoiceStore() });
        Assert.Equal(RestoreOutcome.Failed, await group.RestoreAsync());
        Assert.Contains("the snapshot has no format", group.RestoreError!.Message, StringComparison.Ordinal);
        Assert.True(group.IsBlocked);
    }

    [Fact]
    public async Task A_layout_restores_the_foreign_snapshot_and_then_persists_the_native_format()
    {
        var backend = await ForeignFile();
        var claims = new IngressStore();
        var xrs = new InvoiceStore();
        var group = new PersistentStoreGroup(backend, new IPersistableStore[] { claims, xrs }) { Layout = ClaimsAndXrs() };

        Assert.Equal(RestoreOutcome.Restored, await group.RestoreAsync());
        Assert.Equal("db.internal", claims.Get("team-a", "db")!.Host);
        Assert.Equal(new[] { 7, 8 }, xrs.Select(x => x.Number).Order());
        Assert.Equal(12.5m, xrs.Get(7)!.Amount);

        xrs.Upsert(new Invoice(9, Tier.Enterprise, 99m));
        Assert.True(await group.PersistAsync());
        using var written = JsonDocument.Parse(await File.ReadAllBytesAsync(backend.Path));
        Assert.Equal(SnapshotDocument.Format, written.RootElement.GetProperty("format").GetInt32());

        var again = new InvoiceStore();
        var reread = new PersistentStoreGroup(backend, new IPersistableStore[] { new IngressStore(), again }) { Layout = ClaimsAndXrs() };
        Assert.Equal(RestoreOutcome.Restored, await reread.RestoreAsync());   // the native document reads as it is
        Assert.Equal(3, again.Count);
    }

    [Fact]
    public async Task A_layout_that_writes_foreign_keeps_the_previous_programs_shape()
    {
        var backend = await ForeignFile();
        var claims = new IngressStore();
        var group = new PersistentStoreGroup(backend, new IPersistableStore[] { claims, new InvoiceStore() }) { Layout = ClaimsAndXrs(writeForeign: true) };
        Assert.Equal(RestoreOutcome.Restored, await group.RestoreAsync());
        claims.Upsert(Make.Ingress("team-b", "queue", uid: 2));
        Assert.True(await group.PersistAsync());

        using var written = JsonDocument.Parse(await File.ReadAllBytesAsync(backend.Path));
        Assert.Equal(new[] { "claims", "xrs", "persistedAt" }, written.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(2, written.RootElement.GetProperty("claims").GetArrayLength());
    }

    [Fact]
    public async Task A_document_in_neither_shape_fails_naming_the_layout_and_restores_nothing()
    {
        var backend = new FileSnapshotBackend(Path.Combine(_directory, "other.json"));
        await File.WriteAllTextAsync(backend.Path, """{"claims":[],"somethingElse":1}""");
        var claims = new IngressStore();
        claims.Upsert(Make.Ingress("keep", "me", uid: 1));
        var group = new PersistentStoreGroup(backend, new IPersistableStore[] { claims, new InvoiceStore() }) { Layout = ClaimsAndXrs() };
        Assert.Equal(RestoreOutcome.Failed, await group.RestoreAsync());
        Assert.Contains("does not match the configured layout (IngressStore from 'claims'", group.RestoreError!.Message, StringComparison.Ordinal);
        Assert.Equal(1, claims.Count);
    }
}
