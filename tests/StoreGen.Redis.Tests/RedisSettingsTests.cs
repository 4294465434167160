using System;
using System.Collections.Generic;
using Microsoft.Extensions.Configuration;
using StackExchange.Redis;
using StoreGen.Hosting;

namespace StoreGen.Redis.Tests;

/// <summary>How configuration becomes <see cref="RedisOptions"/>: the URL, the connection string and every setting, and the errors naming them.</summary>
public sealed class RedisSettingsTests
{
    private static RedisOptions Bind(Dictionary<string, string?> settings, RedisOptions? defaults = null)
    {
        var options = defaults ?? new RedisOptions();
        RedisStoreGenBuilderExtensions.Bind(options, new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return options;
    }

    private static string Endpoint(ConfigurationOptions options) =>
        Assert.Single(options.EndPoints).ToString()!.Replace("Unspecified/", "", StringComparison.Ordinal);

    [Fact]
    public void Every_setting_is_applied_over_the_defaults()
    {
        var options = Bind(new()
        {
            ["REDIS_URL"] = "redis://cache.example:6390/2",
            ["REDIS_NAMESPACE"] = "tenant-a",
            ["REDIS_PROTOCOL"] = "resp3",
            ["REDIS_POLL_INTERVAL"] = "7",
            ["REDIS_BATCH_SIZE"] = "250",
            ["REDIS_QUEUE_CAPACITY"] = "900",
        });
        Assert.Equal(("cache.example:6390", 2), (Endpoint(options.Configuration!), options.Configuration!.DefaultDatabase));
        Assert.Equal(("tenant-a", RedisProtocol.Resp3, TimeSpan.FromSeconds(7), 250, 900),
            (options.Namespace, options.Protocol, options.PollInterval, options.BatchSize, options.QueueCapacity));
    }

    [Fact]
    public void The_same_settings_are_read_under_the_storegen_section()
    {
        var options = Bind(new()
        {
            ["StoreGen:Redis:Url"] = "redis://cache.example",
            ["StoreGen:Redis:Namespace"] = "tenant-b",
            ["StoreGen:Redis:Protocol"] = "3",
            ["StoreGen:Redis:PollInterval"] = "00:00:03",
            ["StoreGen:Redis:BatchSize"] = "12",
            ["StoreGen:Redis:QueueCapacity"] = "34",
        });
        Assert.Equal("cache.example:6379", Endpoint(options.Configuration!));
        Assert.Equal(("tenant-b", RedisProtocol.Resp3, TimeSpan.FromSeconds(3), 12, 34),
            (options.Namespace, options.Protocol, options.PollInterval, options.BatchSize, options.QueueCapacity));
    }

    [Theory]
    [InlineData("resp2", RedisProtocol.Resp2)]
    [InlineData("RESP2", RedisProtocol.Resp2)]
    [InlineData("2", RedisProtocol.Resp2)]
    [InlineData("Resp3", RedisProtocol.Resp3)]
    public void The_protocol_is_matched_in_any_case_or_by_number(string value, RedisProtocol expected)
    {
        var defaults = new RedisOptions { Protocol = expected == RedisProtocol.Resp2 ? RedisProtocol.Resp3 : RedisProtocol.Resp2 };
        Assert.Equal(expected, Bind(new() { ["REDIS_PROTOCOL"] = value }, defaults).Protocol);
    }

    [Fact]
    public void Unset_settings_keep_what_the_code_configured()
    {
        var configuration = ConfigurationOptions.Parse("code.example:7000");
        var defaults = new RedisOptions
        {
            Configuration = configuration,
            Namespace = "from-code",
            Protocol = RedisProtocol.Resp3,
            PollInterval = TimeSpan.FromSeconds(9),
            BatchSize = 3,
            QueueCapacity = 4,
        };
        var options = Bind(new(), defaults);
        Assert.Same(configuration, options.Configuration);
        Assert.Equal(("from-code", RedisProtocol.Resp3, TimeSpan.FromSeconds(9), 3, 4),
            (options.Namespace, options.Protocol, options.PollInterval, options.BatchSize, options.QueueCapacity));
    }

    [Fact]
    public void A_connection_string_is_used_when_there_is_no_url_and_the_url_wins_over_it()
    {
        var fromConnectionString = Bind(new() { ["ConnectionStrings:Redis"] = "cs.example:7001,password=secret" });
        Assert.Equal(("cs.example:7001", "secret"), (Endpoint(fromConnectionString.Configuration!), fromConnectionString.Configuration!.Password));

        var both = Bind(new() { ["ConnectionStrings:Redis"] = "cs.example:7001", ["REDIS_URL"] = "redis://url.example:7002" });
        Assert.Equal("url.example:7002", Endpoint(both.Configuration!));

        var empty = Bind(new() { ["ConnectionStrings:Redis"] = "" });
        Assert.Null(empty.Configuration);
    }

    [Fact]
    public void A_connection_string_that_is_not_a_redis_configuration_is_refused_naming_it()
    {
        var error = Assert.Throws<StoreGenConfigurationException>(() => Bind(new() { ["ConnectionStrings:Redis"] = "cs.example,nonsense-option=1" }));
        Assert.Equal("ConnectionStrings:Redis", error.Setting);
        Assert.Contains("is not a StackExchange.Redis configuration", error.Message, StringComparison.Ordinal);
        Assert.Contains("nonsense-option", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a{b")]
    [InlineData("a}b")]
    public void A_namespace_that_is_empty_or_would_break_the_hash_tag_is_refused_naming_it(string ns)
    {
        var error = Assert.Throws<StoreGenConfigurationException>(() => Bind(new(), new RedisOptions { Namespace = ns }));
        Assert.Equal("REDIS_NAMESPACE", error.Setting);
        Assert.Contains("must be non-empty and may not contain '{' or '}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_protocol_other_than_resp2_or_resp3_is_refused_naming_it()
    {
        var error = Assert.Throws<StoreGenConfigurationException>(() => Bind(new() { ["REDIS_PROTOCOL"] = "resp4" }));
        Assert.Equal("REDIS_PROTOCOL", error.Setting);
        Assert.Contains("must be resp2 or resp3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_poll_interval_of_zero_is_refused_naming_the_setting()
    {
        var error = Assert.Throws<StoreGenConfigurationException>(() => Bind(new() { ["REDIS_POLL_INTERVAL"] = "0" }));
        Assert.Equal("REDIS_POLL_INTERVAL", error.Setting);
        Assert.Contains("must be more than zero", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("REDIS_BATCH_SIZE")]
    [InlineData("REDIS_QUEUE_CAPACITY")]
    public void A_size_of_zero_is_refused_naming_the_setting(string setting)
    {
        var error = Assert.Throws<StoreGenConfigurationException>(() => Bind(new() { [setting] = "0" }));
        Assert.Equal(setting, error.Setting);
        Assert.Contains("must be at least 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_url_with_user_and_password_sets_both_and_an_empty_user_sets_none()
    {
        var both = RedisUrl.Parse("redis://app:s3cret@cache.example");
        Assert.Equal(("app", "s3cret", "cache.example:6379"), (both.User, both.Password, Endpoint(both)));
        var passwordOnly = RedisUrl.Parse("redis://:s3cret@cache.example");
        Assert.Equal((null, "s3cret"), (passwordOnly.User, passwordOnly.Password));
        var single = RedisUrl.Parse("redis://s3cret@cache.example");
        Assert.Equal((null, "s3cret"), (single.User, single.Password));
        var none = RedisUrl.Parse("redis://cache.example");
        Assert.Equal((null, null), (none.User, none.Password));
    }

    [Theory]
    [InlineData("redis://cache.example")]
    [InlineData("redis://cache.example/")]
    public void A_url_without_a_database_leaves_the_default(string url)
    {
        Assert.Null(RedisUrl.Parse(url).DefaultDatabase);
    }

    [Fact]
    public void A_url_whose_database_is_not_a_number_is_refused_naming_the_setting_and_the_database()
    {
        var error = Assert.Throws<StoreGenConfigurationException>(() => RedisUrl.Parse("redis://cache.example/-1", "CACHE_URL"));
        Assert.Equal("CACHE_URL", error.Setting);
        Assert.Contains("names database '-1', which is not a number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_url_that_is_not_a_redis_url_is_refused_showing_the_shape_expected()
    {
        var error = Assert.Throws<StoreGenConfigurationException>(() => RedisUrl.Parse("postgres://db.example/flags"));
        Assert.Equal("REDIS_URL", error.Setting);
        Assert.Contains("redis://[:password@]host:port[/db]", error.Message, StringComparison.Ordinal);
    }
}
