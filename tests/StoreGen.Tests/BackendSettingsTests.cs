using System;
using System.Collections.Generic;
using System.Net;
using Microsoft.Extensions.Configuration;
using Npgsql;
using StoreGen.Hosting;
using StoreGen.Postgres;
using StoreGen.Redis;
using Xunit;

namespace StoreGen.Tests;

/// <summary>
/// The settings the live backends share with the hosting code, read without a server: their URLs (<c>DATABASE_URL</c>,
/// <c>REDIS_URL</c>), positive counts and positive intervals, and how a bad value is reported.
/// </summary>
public class BackendSettingsTests
{
    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

    [Fact]
    public void A_postgres_url_gives_its_host_port_unescaped_user_and_password_and_database()
    {
        var full = new NpgsqlConnectionStringBuilder(PostgresUrl.ToConnectionString("postgres://app%20user:p%40ss:word@db.example:6543/orders"));
        Assert.Equal(("db.example", 6543, "app user", "p@ss:word", "orders"), (full.Host, full.Port, full.Username, full.Password, full.Database));

        var bare = new NpgsqlConnectionStringBuilder(PostgresUrl.ToConnectionString("postgresql://db.example/orders"));
        Assert.Equal(("db.example", 5432), (bare.Host, bare.Port));   // the default port
        Assert.Null(bare.Username);
        Assert.Null(bare.Password);

        var userOnly = new NpgsqlConnectionStringBuilder(PostgresUrl.ToConnectionString("postgres://app@db.example:5432/orders"));
        Assert.Equal(("app", null, 5432), (userOnly.Username, userOnly.Password, userOnly.Port));
    }

    [Theory]
    [InlineData("db.example:5432")]
    [InlineData("/var/run/postgresql")]
    [InlineData("mysql://root@db.example/orders")]
    [InlineData("postgres:///orders")]
    public void Anything_but_a_postgres_url_with_a_host_names_the_setting_and_the_shape(string url)
    {
        var error = Assert.Throws<StoreGenConfigurationException>(() => PostgresUrl.ToConnectionString(url, "ORDERS_DATABASE_URL"));
        Assert.Equal("ORDERS_DATABASE_URL", error.Setting);
        Assert.Equal("ORDERS_DATABASE_URL: is not a postgres:// URL (postgres://user:password@host:port/database)", error.Message);
    }

    [Fact]
    public void A_redis_url_gives_its_endpoint_password_user_and_database()
    {
        var passwordOnly = RedisUrl.Parse("redis://:s%3Acret@cache.example:6380/2");
        Assert.Equal(new DnsEndPoint("cache.example", 6380), passwordOnly.EndPoints[0]);
        Assert.Equal((null, "s:cret", 2, false), (passwordOnly.User, passwordOnly.Password, passwordOnly.DefaultDatabase, passwordOnly.Ssl));

        var withUser = RedisUrl.Parse("rediss://app:secret@cache.example");
        Assert.Equal(new DnsEndPoint("cache.example", 6379), withUser.EndPoints[0]);   // the default port
        Assert.Equal(("app", "secret", true), (withUser.User, withUser.Password, withUser.Ssl));
        Assert.Null(withUser.DefaultDatabase);

        var bare = RedisUrl.Parse("redis://cache.example:6379");
        Assert.Equal((null, null), (bare.User, bare.Password));
    }

    [Fact]
    public void Anything_but_a_redis_url_names_the_setting_and_the_shape()
    {
        var error = Assert.Throws<StoreGenConfigurationException>(() => RedisUrl.Parse("http://cache.example:6379"));
        Assert.Equal("REDIS_URL", error.Setting);
        Assert.Equal("REDIS_URL: is not a redis:// URL (redis://[:password@]host:port[/db])", error.Message);
    }

    [Fact]
    public void Counts_must_be_at_least_one_and_intervals_more_than_zero_naming_the_setting()
    {
        var options = new PostgresOptions();
        PostgresStoreGenBuilderExtensions.Bind(options, Configuration(new() { ["POSTGRES_BATCH_SIZE"] = "1", ["StoreGen:Postgres:QueueCapacity"] = "12", ["POSTGRES_POLL_INTERVAL"] = "00:00:00.001" }));
        Assert.Equal((1, 12, TimeSpan.FromMilliseconds(1)), (options.BatchSize, options.QueueCapacity, options.PollInterval));

        var zeroCount = Assert.Throws<StoreGenConfigurationException>(() =>
            PostgresStoreGenBuilderExtensions.Bind(new PostgresOptions(), Configuration(new() { ["POSTGRES_QUEUE_CAPACITY"] = "0" })));
        Assert.Equal("POSTGRES_QUEUE_CAPACITY: must be at least 1", zeroCount.Message);

        var zeroInterval = Assert.Throws<StoreGenConfigurationException>(() =>
            PostgresStoreGenBuilderExtensions.Bind(new PostgresOptions(), Configuration(new() { ["POSTGRES_POLL_INTERVAL"] = "0" })));
        Assert.Equal("POSTGRES_POLL_INTERVAL", zeroInterval.Setting);
        Assert.Equal("POSTGRES_POLL_INTERVAL: must be more than zero", zeroInterval.Message);
    }
}
