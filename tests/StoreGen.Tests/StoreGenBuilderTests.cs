using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StoreGen.Hosting;
using StoreGen.Persistence;
using Xunit;

namespace StoreGen.Tests;

/// <summary>What AddStoreGen and its builder accept, refuse and register.</summary>
public class StoreGenBuilderTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings, Action<StoreGenBuilder> register, Action<StorePersistenceOptions>? defaults = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        register(services.AddStoreGen(defaults));
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Registrations_are_checked_and_memory_cannot_be_replaced()
    {
        var builder = new ServiceCollection().AddStoreGen();
        Assert.Equal("name", Assert.Throws<ArgumentException>(() => builder.AddSnapshotBackend("Memory", (_, _) => new MemoryBackend())).ParamName);
        Assert.Equal("name", Assert.Throws<ArgumentException>(() => builder.AddSnapshotBackend(" ", (_, _) => new MemoryBackend())).ParamName);
        Assert.Equal("factory", Assert.Throws<ArgumentNullException>(() => builder.AddSnapshotBackend("mine", null!)).ParamName);
        Assert.Equal("factory", Assert.Throws<ArgumentNullException>(() => builder.AddStore<InvoiceStore>(null!)).ParamName);
        Assert.Equal("services", Assert.Throws<ArgumentNullException>(() => ((IServiceCollection)null!).AddStoreGen()).ParamName);
    }

    [Fact]
    public async Task A_registered_backend_is_chosen_by_name_in_any_case_and_the_stores_are_singletons()
    {
        var backend = new MemoryBackend();
        using var provider = Build(new() { ["STORE_BACKEND"] = "MINE", ["STORE_PERSIST_INTERVAL"] = "0" },
            b => b.AddStore<InvoiceStore>().AddSnapshotBackend("mine", (_, _) => backend));
        var persistence = provider.GetRequiredService<StorePersistence>();
        await persistence.StartingAsync(CancellationToken.None);

        Assert.Equal("memory backend", persistence.Location);
        Assert.Equal(RestoreOutcome.NoSnapshot, persistence.Outcome);
        provider.GetRequiredService<InvoiceStore>().Upsert(new Invoice(1, Tier.Free, 1m));
        Assert.Same(provider.GetRequiredService<InvoiceStore>(), provider.GetRequiredService<InvoiceStore>());
        Assert.True(await persistence.PersistAsync());
        Assert.Equal(1, backend.Writes);
    }

    [Fact]
    public void Calling_AddStoreGen_again_adds_to_the_same_registration_with_defaults_in_order()
    {
        var services = new ServiceCollection();
        services.AddStoreGen(o => o.FilePath = "first.json").AddStore<InvoiceStore>();
        services.AddStoreGen(o => { o.FilePath += ".gz"; o.Compress = true; }).AddStore<IngressStore>();
        using var provider = services.BuildServiceProvider();

        Assert.Single(services, d => d.ServiceType == typeof(StorePersistence));
        var options = provider.GetRequiredService<StorePersistence>().Options;
        Assert.Equal("first.json.gz", options.FilePath);
        Assert.True(options.Compress);
    }

    [Fact]
    public async Task The_file_backend_needs_a_path()
    {
        using var provider = Build(new() { ["STORE_BACKEND"] = "file" }, b => b.AddStore<InvoiceStore>(), o => o.FilePath = " ");
        var error = await Assert.ThrowsAsync<StoreGenConfigurationException>(() => provider.GetRequiredService<StorePersistence>().StartingAsync(CancellationToken.None));
        Assert.Equal("STORE_FILE_PATH", error.Setting);
        Assert.Contains("snapshot path", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_backend_lists_the_known_ones_including_registered_ones()
    {
        using var provider = Build(new() { ["STORE_BACKEND"] = "mongo" },
            b => b.AddStore<InvoiceStore>().AddSnapshotBackend("mine", (_, _) => new MemoryBackend()));
        var error = await Assert.ThrowsAsync<StoreGenConfigurationException>(() => provider.GetRequiredService<StorePersistence>().StartingAsync(CancellationToken.None));
        Assert.Equal("STORE_BACKEND", error.Setting);
        Assert.Contains("'mongo'", error.Message, StringComparison.Ordinal);
        Assert.Contains("memory, file, mine", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("StoreGen.S3", error.Message, StringComparison.Ordinal);
    }
}
