using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using StoreGen.Hosting;

namespace StoreGen.Postgres.Tests;

public sealed class HostingTests : DatabaseTests
{
    private IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddStoreGen().AddStore<FlagStore>().AddPostgres();
        return builder.Build();
    }

    private Dictionary<string, string?> Settings()
    {
        var parsed = new NpgsqlConnectionStringBuilder(Db.ConnectionString);
        return new()
        {
            ["STORE_TYPE"] = "postgres",
            ["DATABASE_URL"] = $"postgres://{Uri.EscapeDataString(parsed.Username!)}@{parsed.Host}:{parsed.Port}/{Uri.EscapeDataString(parsed.Database!)}",
            ["POSTGRES_SCHEMA"] = Db.Schema,
        };
    }

    [Fact]
    public async Task Store_type_postgres_with_a_database_url_persists_item_by_item_and_reloads()
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

    [Fact]
    public async Task A_missing_database_url_fails_at_startup_naming_it()
    {
        var settings = Settings();
        settings.Remove("DATABASE_URL");
        using var host = Build(settings);
        var error = await Assert.ThrowsAsync<StoreGenConfigurationException>(() => host.StartAsync());
        Assert.Equal("DATABASE_URL", error.Setting);
    }

    [Fact]
    public async Task A_database_url_that_is_not_postgres_fails_naming_it()
    {
        var settings = Settings();
        settings["DATABASE_URL"] = "mysql://root@localhost/db";
        using var host = Build(settings);
        var error = await Assert.ThrowsAsync<StoreGenConfigurationException>(() => host.StartAsync());
        Assert.Equal("DATABASE_URL", error.Setting);
    }

    [Fact]
    public void A_postgres_url_becomes_a_connection_string()
    {
        var parsed = new NpgsqlConnectionStringBuilder(PostgresUrl.ToConnectionString("postgres://us%40er:p%3Ass@db.example:6432/flags?sslmode=require"));
        Assert.Equal(("us@er", "p:ss", "db.example", 6432, "flags", SslMode.Require), (parsed.Username, parsed.Password, parsed.Host, parsed.Port, parsed.Database, parsed.SslMode));
    }
}
