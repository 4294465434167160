using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Amazon.S3;
using StoreGen.Persistence;
using StoreGen.Tests;
using Xunit;

namespace StoreGen.S3.Tests;

/// <summary>The S3 backend against the s3rver test.sh starts: layout, round trips, skipped uploads, bad snapshots, conditional writes.</summary>
public sealed class S3SnapshotBackendTests
{
    private static PersistentStoreGroup Group(ISnapshotBackend backend, params IPersistableStore[] stores) => new(backend, stores);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_supported_member_type_round_trips_and_a_restart_restores(bool compress)
    {
        var options = S3Settings.Fresh();
        options.Compress = compress;
        var everything = new EverythingStore();
        everything.UpsertMany(Enumerable.Range(0, 25).Select(EverythingSamples.Sample));
        var ingresses = new IngressStore();
        ingresses.Upsert(Make.Ingress("default", "web", "web.example", 443, uid: 1));
        using (var backend = S3SnapshotBackend.Create(options))
        {
            var group = Group(backend, everything, ingresses);
            Assert.Equal(RestoreOutcome.NoSnapshot, await group.RestoreAsync());
            Assert.True(await group.PersistAsync());
        }

        // The claims/XR cache's layout: one object, s3://<bucket>/<prefix>/snapshot.json, holding both stores.
        using var client = S3Settings.Client();
        var objects = await S3Objects.ListAsync(client, options.Bucket!, options.KeyPrefix);
        Assert.Equal(options.KeyPrefix + "/snapshot.json", Assert.Single(objects).Key);
        byte[] body = await S3Objects.ReadAsync(client, options.Bucket!, options.Key);
        Assert.Equal(compress, SnapshotCompression.IsCompressed(body));
        string json = System.Text.Encoding.UTF8.GetString(SnapshotCompression.DecompressIfNeeded(body));
        Assert.StartsWith("{\"format\":1,", json, StringComparison.Ordinal);   // no aws-chunked signatures in the body
        Assert.EndsWith("}", json, StringComparison.Ordinal);

        // A restart: new client, new stores.
        var restoredEverything = new EverythingStore();
        var restoredIngresses = new IngressStore();
        using (var backend = S3SnapshotBackend.Create(options))
        {
            Assert.Equal(RestoreOutcome.Restored, await Group(backend, restoredEverything, restoredIngresses).RestoreAsync());
        }
        Assert.Equal(25, restoredEverything.Count);
        foreach (var item in everything.Snapshot())
        {
            EverythingSamples.AssertSame(item, restoredEverything.Get(item.Id)!);
        }
        Assert.Equal(ingresses.Get("default", "web"), restoredIngresses.Get("default", "web"));
    }

    [Fact]
    public async Task Nothing_is_uploaded_when_no_store_changed()
    {
        var options = S3Settings.Fresh();
        var store = new InvoiceStore();
        using var backend = S3SnapshotBackend.Create(options);
        var group = Group(backend, store);
        await group.RestoreAsync();
        store.Upsert(new Invoice(1, Tier.Pro, 10m));
        Assert.True(await group.PersistAsync());
        using var client = S3Settings.Client();
        // Plant a marker: if the backend uploaded again, the marker would be replaced.
        await S3Objects.WriteTextAsync(client, options.Bucket!, options.Key, "marker");
        Assert.False(await group.PersistAsync());
        Assert.Equal("marker", await S3Objects.ReadTextAsync(client, options.Bucket!, options.Key));
        store.Upsert(new Invoice(2, Tier.Free, 1m));
        Assert.True(await group.PersistAsync());
        Assert.Contains("\"number\":2", await S3Objects.ReadTextAsync(client, options.Bucket!, options.Key), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"format\":1,\"persistedAt\":\"2026-01-01T00:00:00+00:00\",\"stores\":{\"InvoiceStore\":{\"items\":[{\"number\":", "not valid JSON (corrupt or truncated)")]
    [InlineData("{\"format\":7,\"stores\":{}}", "format 7, newer than this StoreGen reads (1)")]
    [InlineData("{\"format\":1,\"stores\":{\"OtherStore\":{\"items\":[]}}}", "holds no items for InvoiceStore")]
    public async Task An_unreadable_object_is_reported_and_kept(string planted, string reason)
    {
        var options = S3Settings.Fresh();
        using var client = S3Settings.Client();
        await S3Objects.WriteTextAsync(client, options.Bucket!, options.Key, planted);
        var store = new InvoiceStore();
        using var backend = S3SnapshotBackend.Create(options);
        var group = Group(backend, store);
        Assert.Equal(RestoreOutcome.Failed, await group.RestoreAsync());
        Assert.IsType<SnapshotFormatException>(group.RestoreError);
        Assert.Contains(reason, group.RestoreError!.Message, StringComparison.Ordinal);
        Assert.Equal(0, store.Count);
        store.Upsert(new Invoice(1, Tier.Pro, 10m));
        var refused = await Assert.ThrowsAsync<StoreException>(() => group.PersistAsync());
        Assert.Contains($"s3://{options.Bucket}/{options.Key}", refused.Message, StringComparison.Ordinal);
        Assert.Equal(planted, await S3Objects.ReadTextAsync(client, options.Bucket!, options.Key));   // kept, never deleted
    }

    [Fact]
    public async Task A_missing_bucket_is_a_failed_restore_not_an_empty_snapshot()
    {
        var options = S3Settings.Fresh(bucket: "no-such-bucket-" + Guid.NewGuid().ToString("N")[..8]);
        using var backend = S3SnapshotBackend.Create(options);
        var group = Group(backend, new InvoiceStore());
        Assert.Equal(RestoreOutcome.Failed, await group.RestoreAsync());
        Assert.IsType<InvalidOperationException>(group.RestoreError);   // a misconfiguration: failed, not unreachable (never retried)
        Assert.Contains($"the bucket '{options.Bucket}' does not exist (S3_BUCKET)", group.RestoreError!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Conditional_writes_send_If_None_Match_first_then_If_Match_with_the_last_ETag()
    {
        var options = S3Settings.Fresh();
        options.ConditionalWrites = true;
        var recorder = new RecordingHttpClientFactory();
        var config = S3SnapshotBackend.CreateConfig(options);
        config.HttpClientFactory = recorder;
        using var client = new AmazonS3Client(config);
        var backend = new S3SnapshotBackend(client, options);
        var store = new InvoiceStore();
        var group = Group(backend, store);
        Assert.Equal(RestoreOutcome.NoSnapshot, await group.RestoreAsync());

        store.Upsert(new Invoice(1, Tier.Pro, 10m));
        Assert.True(await group.PersistAsync());
        string? first = backend.ETag;
        Assert.False(string.IsNullOrEmpty(first));
        store.Upsert(new Invoice(2, Tier.Pro, 10m));
        Assert.True(await group.PersistAsync());
        Assert.NotEqual(first, backend.ETag);

        var puts = recorder.Requests.Where(r => r.Method == "PUT").ToList();
        Assert.Equal(2, puts.Count);
        Assert.Equal((null, "*"), (puts[0].IfMatch, puts[0].IfNoneMatch));      // first write: only if absent
        Assert.Equal((first, null), (puts[1].IfMatch, puts[1].IfNoneMatch));    // then: only if unchanged since our write

        // A new process reads the ETag on restore and conditions its first write on it.
        var reader = new S3SnapshotBackend(client, options);
        Assert.Equal(RestoreOutcome.Restored, await Group(reader, new InvoiceStore()).RestoreAsync());
        Assert.Equal(backend.ETag, reader.ETag);
    }

    [Fact]
    public void Location_names_the_bucket_key_and_endpoint()
    {
        var options = new S3SnapshotOptions { Bucket = "b", Endpoint = new Uri("http://minio:9000"), KeyPrefix = "xp-tracker/" };
        using var backend = S3SnapshotBackend.Create(options);
        Assert.Equal("s3://b/xp-tracker/snapshot.json at http://minio:9000/", backend.Location);
        Assert.Equal("snapshot.json", new S3SnapshotOptions { KeyPrefix = "" }.Key);
        Assert.Throws<ArgumentException>(() => S3SnapshotBackend.Create(new S3SnapshotOptions()));
    }
}
