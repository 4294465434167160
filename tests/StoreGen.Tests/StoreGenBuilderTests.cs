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

    private sealed class BackendOptions
    {
        public List<string> Steps { get; } = new();
    }

    [Fact]
    public void Backend_options_take_the_code_defaults_then_configuration_then_Configure()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["MINE_URL"] = "from-config" }).Build());
        services.AddStoreGen().AddBackendOptions<BackendOptions>(o => o.Steps.Add("code"), (o, configuration) => o.Steps.Add(configuration["MINE_URL"]!));
        services.Configure<BackendOptions>(o => o.Steps.Add("configure"));
        using var provider = services.BuildServiceProvider();
        Assert.Equal(["code", "from-config", "configure"], provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<BackendOptions>>().Value.Steps);

        var bare = new ServiceCollection();
        bare.AddStoreGen().AddBackendOptions<BackendOptions>(null, (o, _) => o.Steps.Add("bound"));
        using var withoutConfiguration = bare.BuildServiceProvider();
        Assert.Empty(withoutConfiguration.GetRequiredService<Microsoft.Extensions.Options.IOptions<BackendOptions>>().Value.Steps);   // nothing to bind from

        Assert.Equal("bind", Assert.Throws<ArgumentNullException>(() => new ServiceCollection().AddStoreGen().AddBackendOptions<BackendOptions>(null, null!)).ParamName);
    }

    [Fact]
    public async Task Live_backends_are_checked_and_share_one_hosted_service()
    {
        var services = new ServiceCollection();
        var builder = services.AddStoreGen();
        Assert.Equal("name", Assert.Throws<ArgumentException>(() => builder.AddLiveBackend("MEMORY", (_, _) => new LiveBackendDouble())).ParamName);
        Assert.Equal("name", Assert.Throws<ArgumentException>(() => builder.AddLiveBackend("", (_, _) => new LiveBackendDouble())).ParamName);
        Assert.Equal("factory", Assert.Throws<ArgumentNullException>(() => builder.AddLiveBackend("mine", null!)).ParamName);
        Assert.Single(services, d => d.ServiceType == typeof(Microsoft.Extensions.Hosting.IHostedService));   // persistence only, so far

        builder.AddLiveBackend("one", (_, _) => new LiveBackendDouble());
        Assert.Equal(2, services.Count(d => d.ServiceType == typeof(Microsoft.Extensions.Hosting.IHostedService)));   // persistence and the live host
        builder.AddLiveBackend("two", (_, _) => new LiveBackendDouble());
        Assert.Equal(2, services.Count(d => d.ServiceType == typeof(Microsoft.Extensions.Hosting.IHostedService)));   // still one live host
        await using var provider = services.BuildServiceProvider();   // the live host disposes asynchronously only
        var hosted = provider.GetServices<Microsoft.Extensions.Hosting.IHostedService>().ToArray();
        Assert.Equal(2, hosted.Length);
        Assert.IsType<StorePersistence>(hosted[0]);
    }
}
