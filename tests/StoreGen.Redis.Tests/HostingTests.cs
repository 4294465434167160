using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;
using StoreGen.Hosting;

namespace StoreGen.Redis.Tests;

public sealed class HostingTests : IAsyncLifetime
{
    private readonly RedisServer _redis = RedisServer.Shared();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _redis.DisposeAsync().AsTask();

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddStoreGen().AddStore<FlagStore>().AddRedis();
        return builder.Build();
    }

    private Dictionary<string, string?> Settings() => new()
    {
        ["STORE_BACKEND"] = "redis",
        ["REDIS_URL"] = "redis://" + _redis.Endpoint + "/0",
        ["REDIS_NAMESPACE"] = _redis.Namespace,
        ["REDIS_PROTOCOL"] = "resp3",
    };

    [Fact]
    public async Task Store_backend_redis_with_a_redis_url_writes_behind_and_reloads()
    {
        using (var host = Build(Settings()))
        {
            await host.StartAsync();
            var store = host.Services.GetRequiredService<FlagStore>();
            store.Upsert(new Flag("dark-mode", "prod", true, 25, "ui"));
            await store.WhenDurableAsync();
            await host.StopAsync();
        }
        using (var again = Build(Settings()))
        {
            await again.StartAsync();
            Assert.Equal(new Flag("dark-mode", "prod", true, 25, "ui"), again.Services.GetRequiredService<FlagStore>().Get("dark-mode", "prod"));
            await again.StopAsync();
        }
    }

    [Theory]
    [InlineData("REDIS_URL", null)]
    [InlineData("REDIS_URL", "postgres://localhost/db")]
    [InlineData("REDIS_URL", "redis://localhost:6379/zero")]
    [InlineData("REDIS_NAMESPACE", "a}b")]
    [InlineData("REDIS_PROTOCOL", "resp4")]
    public async Task A_missing_or_invalid_setting_fails_at_startup_naming_it(string setting, string? value)
    {
        var settings = Settings();
        settings[setting] = value;
        using var host = Build(settings);
        var error = await Assert.ThrowsAsync<StoreGenConfigurationException>(() => host.StartAsync());
        Assert.Equal(setting, error.Setting);
    }

    [Fact]
    public void A_redis_url_becomes_configuration()
    {
        var options = RedisUrl.Parse("redis://:p%40ss@cache.internal:6380/3");
        Assert.Equal("cache.internal:6380", options.EndPoints[0].ToString()!.Replace("Unspecified/", "", StringComparison.Ordinal));
        Assert.Equal("p@ss", options.Password);
        Assert.Equal(3, options.DefaultDatabase);
        Assert.False(options.Ssl);
        Assert.True(RedisUrl.Parse("rediss://h").Ssl);
        Assert.Equal(RedisProtocol.Resp2, new RedisOptions().Protocol);
    }
}
