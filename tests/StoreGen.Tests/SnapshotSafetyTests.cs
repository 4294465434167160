using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StoreGen.Hosting;
using StoreGen.Persistence;
using Xunit;

namespace StoreGen.Tests;

/// <summary>Snapshots that would do harm fail clearly: too large when inflated, a directory, a malformed envelope.</summary>
public sealed class SnapshotSafetyTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("storegen-safety-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string name) => Path.Combine(_directory, name);

    /// <summary>A small gzip file that inflates to <paramref name="inflated"/> bytes of spaces (valid JSON whitespace).</summary>
    private string Bomb(long inflated)
    {
        string path = PathOf("bomb.json.gz");
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.SmallestSize);
        var spaces = new byte[1 << 20];
        Array.Fill(spaces, (byte)' ');
        for (long written = 0; written < inflated; written += spaces.Length)
        {
            gzip.Write(spaces);
        }
        return path;
    }

    [Fact]
    public async Task A_gzip_snapshot_that_inflates_past_the_limit_fails_the_restore_and_is_kept()
    {
        string path = Bomb(64L << 20);
        long size = new FileInfo(path).Length;
        Assert.True(size < 1 << 20);   // under a megabyte on disk
        var store = new InvoiceStore();
        var group = new PersistentStoreGroup(new FileSnapshotBackend(path), new[] { store }, maxDocumentBytes: 8 << 20);

        Assert.Equal(RestoreOutcome.Failed, await group.RestoreAsync());
        var error = Assert.IsType<SnapshotFormatException>(group.RestoreError);
        Assert.Equal($"the snapshot inflates from {size} gzip bytes past that; the limit is {8 << 20} bytes (STORE_MAX_SNAPSHOT_BYTES): raise it if the snapshot is genuine", error.Message);
        Assert.True(group.IsBlocked);
        Assert.Equal(size, new FileInfo(path).Length);
    }

    [Fact]
    public async Task The_limit_is_a_setting_of_the_host()
    {
        string path = Bomb(4L << 20);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["STORE_BACKEND"] = "file", ["STORE_FILE_PATH"] = path, ["STORE_MAX_SNAPSHOT_BYTES"] = "1048576",
        });
        builder.Services.AddStoreGen().AddStore<InvoiceStore>();
        using var host = builder.Build();
        var persistence = host.Services.GetRequiredService<StorePersistence>();
        Assert.Equal(1048576, persistence.Options.MaxSnapshotBytes);
        await host.StartAsync();
        Assert.Equal(RestoreOutcome.Failed, persistence.Outcome);
        Assert.Contains("the limit is 1048576 bytes (STORE_MAX_SNAPSHOT_BYTES)", persistence.RestoreError!.Message, StringComparison.Ordinal);
        Assert.True(persistence.IsBlocked);
        await host.StopAsync();
        Assert.Equal(SnapshotCompression.DefaultMaxBytes, new StorePersistenceOptions().MaxSnapshotBytes);
    }

    [Fact]
    public async Task A_snapshot_path_that_is_a_directory_fails_startup_naming_the_setting()
    {
        string directory = Directory.CreateDirectory(PathOf("snapshots")).FullName;
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["STORE_BACKEND"] = "file", ["STORE_FILE_PATH"] = directory });
        builder.Services.AddStoreGen().AddStore<InvoiceStore>();
        using var host = builder.Build();
        var error = await Assert.ThrowsAsync<StoreGenConfigurationException>(() => host.StartAsync());
        Assert.Equal("STORE_FILE_PATH", error.Setting);
        Assert.Contains($"'{directory}' is a directory", error.Message, StringComparison.Ordinal);

        var direct = Assert.Throws<ArgumentException>(() => new FileSnapshotBackend(directory));
        Assert.Contains("is a directory", direct.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"format\":\"1\",\"stores\":{}}", "the snapshot's format is not a whole number")]
    [InlineData("{\"format\":1.5,\"stores\":{}}", "the snapshot's format is not a whole number")]
    [InlineData("{\"format\":1,\"persistedAt\":7,\"stores\":{}}", "the snapshot's persistedAt is not a date")]
    public void A_malformed_envelope_is_a_snapshot_format_error(string document, string message)
    {
        var error = Assert.Throws<SnapshotFormatException>(() =>
            SnapshotDocument.Restore(System.Text.Encoding.UTF8.GetBytes(document), Array.Empty<IPersistableStore>()));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public async Task Persisting_after_no_snapshot_with_nothing_written_writes_nothing()
    {
        var backend = new FileSnapshotBackend(PathOf("empty.json"));
        var store = new InvoiceStore();
        var group = new PersistentStoreGroup(backend, new[] { store });
        Assert.Equal(RestoreOutcome.NoSnapshot, await group.RestoreAsync());
        Assert.False(await group.PersistAsync());
        Assert.False(File.Exists(backend.Path));
        store.Upsert(new Invoice(1, Tier.Free, 1m));
        Assert.True(await group.PersistAsync());
        Assert.True(File.Exists(backend.Path));
    }

    [Theory]
    [InlineData("wait", RestorePolicy.Wait)]
    [InlineData("Merge", RestorePolicy.Merge)]
    [InlineData("accept-loss", RestorePolicy.AcceptLoss)]
    public void The_restore_policy_binds_and_the_older_settings_are_aliases(string value, RestorePolicy policy)
    {
        Assert.Equal(policy, Bind(new() { ["STORE_RESTORE_POLICY"] = value }).EffectiveRestorePolicy);
        Assert.Equal(RestorePolicy.Merge, Bind(new()).EffectiveRestorePolicy);
        Assert.Equal(RestorePolicy.AcceptLoss, Bind(new() { ["STORE_ACCEPT_DATA_LOSS"] = "true" }).EffectiveRestorePolicy);
        Assert.Equal(RestorePolicy.Wait, Bind(new() { ["STORE_REQUIRE_RESTORE"] = "true" }).EffectiveRestorePolicy);
        var conflict = Assert.Throws<StoreGenConfigurationException>(() =>
            Bind(new() { ["STORE_RESTORE_POLICY"] = "wait", ["STORE_ACCEPT_DATA_LOSS"] = "true" }).EffectiveRestorePolicy);
        Assert.Equal("STORE_RESTORE_POLICY", conflict.Setting);
        var unknown = Assert.Throws<StoreGenConfigurationException>(() => Bind(new() { ["STORE_RESTORE_POLICY"] = "hope" }));
        Assert.Contains("'hope' is not a restore policy (use wait, merge or accept-loss)", unknown.Message, StringComparison.Ordinal);
    }

    private static StorePersistenceOptions Bind(Dictionary<string, string?> settings)
    {
        var options = new StorePersistenceOptions();
        StoreGenSettings.Bind(options, new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return options;
    }
}
