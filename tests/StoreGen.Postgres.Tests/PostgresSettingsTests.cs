using System;
using System.Collections.Generic;
using Microsoft.Extensions.Configuration;
using Npgsql;
using StoreGen.Hosting;

namespace StoreGen.Postgres.Tests;

/// <summary>How configuration becomes <see cref="PostgresOptions"/>: the URL, the connection string and every setting, and the errors naming them.</summary>
public sealed class PostgresSettingsTests
{
    private static PostgresOptions Bind(Dictionary<string, string?> settings, PostgresOptions? defaults = null)
    {
        var options = defaults ?? new PostgresOptions();
        PostgresStoreGenBuilderExtensions.Bind(options, new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return options;
    }

    private static NpgsqlConnectionStringBuilder Parsed(string url) => new(PostgresUrl.ToConnectionString(url));

    [Fact]
    public void Every_setting_is_applied_over_the_defaults()
    {
        var options = Bind(new()
        {
            ["DATABASE_URL"] = "postgres://app@db.example:6543/flags",
            ["POSTGRES_SCHEMA"] = "tenant_a",
            ["POSTGRES_POLL_INTERVAL"] = "7",
            ["POSTGRES_BATCH_SIZE"] = "250",
            ["POSTGRES_QUEUE_CAPACITY"] = "900",
            ["POSTGRES_LISTEN"] = "false",
        });
        var parsed = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        Assert.Equal(("app", "db.example", 6543, "flags"), (parsed.Username, parsed.Host, parsed.Port, parsed.Database));
        Assert.Equal(("tenant_a", TimeSpan.FromSeconds(7), 250, 900, false),
            (options.Schema, options.PollInterval, options.BatchSize, options.QueueCapacity, options.Listen));
    }

    [Fact]
    public void The_same_settings_are_read_under_the_storegen_section()
    {
        var options = Bind(new()
        {
            ["StoreGen:Postgres:Url"] = "postgresql://db.example/flags",
            ["StoreGen:Postgres:Schema"] = "tenant_b",
            ["StoreGen:Postgres:PollInterval"] = "00:00:03",
            ["StoreGen:Postgres:BatchSize"] = "12",
            ["StoreGen:Postgres:QueueCapacity"] = "34",
            ["StoreGen:Postgres:Listen"] = "no",
        });
        Assert.Equal(("db.example", 5432, "flags"), (new NpgsqlConnectionStringBuilder(options.ConnectionString).Host,
            new NpgsqlConnectionStringBuilder(options.ConnectionString).Port, new NpgsqlConnectionStringBuilder(options.ConnectionString).Database));
        Assert.Equal(("tenant_b", TimeSpan.FromSeconds(3), 12, 34, false),
            (options.Schema, options.PollInterval, options.BatchSize, options.QueueCapacity, options.Listen));
    }

    [Fact]
    public void Unset_settings_keep_what_the_code_configured()
    {
        var defaults = new PostgresOptions
        {
            ConnectionString = "Host=code.example",
            Schema = "from_code",
            PollInterval = TimeSpan.FromSeconds(9),
            BatchSize = 3,
            QueueCapacity = 4,
            Listen = false,
        };
        var options = Bind(new(), defaults);
        Assert.Equal(("Host=code.example", "from_code", TimeSpan.FromSeconds(9), 3, 4, false),
            (options.ConnectionString, options.Schema, options.PollInterval, options.BatchSize, options.QueueCapacity, options.Listen));
    }

    [Fact]
    public void A_connection_string_is_used_when_there_is_no_url_and_the_url_wins_over_it()
    {
        var fromConnectionString = Bind(new() { ["ConnectionStrings:Postgres"] = "Host=cs.example;Port=7000;Database=cs" });
        Assert.Equal("Host=cs.example;Port=7000;Database=cs", fromConnectionString.ConnectionString);

        var both = Bind(new() { ["ConnectionStrings:Postgres"] = "Host=cs.example", ["DATABASE_URL"] = "postgres://url.example/db" });
        Assert.Equal("url.example", new NpgsqlConnectionStringBuilder(both.ConnectionString).Host);

        var empty = Bind(new() { ["ConnectionStrings:Postgres"] = "" }, new PostgresOptions { ConnectionString = "Host=code.example" });
        Assert.Equal("Host=code.example", empty.ConnectionString);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("00:00:00")]
    public void A_poll_interval_of_zero_is_refused_naming_the_setting(string value)
    {
        var error = Assert.Throws<StoreGenConfigurationException>(() => Bind(new() { ["POSTGRES_POLL_INTERVAL"] = value }));
        Assert.Equal("POSTGRES_POLL_INTERVAL", error.Setting);
        Assert.Contains("must be more than zero", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("POSTGRES_BATCH_SIZE")]
    [InlineData("POSTGRES_QUEUE_CAPACITY")]
    public void A_size_of_zero_is_refused_naming_the_setting(string setting)
    {
        var error = Assert.Throws<StoreGenConfigurationException>(() => Bind(new() { [setting] = "0" }));
        Assert.Equal(setting, error.Setting);
        Assert.Contains("must be at least 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_url_without_user_database_or_port_leaves_them_to_npgsql_and_the_default_port()
    {
        var parsed = Parsed("postgres://db.example");
        Assert.Equal(("db.example", 5432, null, null, null), (parsed.Host, parsed.Port, parsed.Username, parsed.Password, parsed.Database));
    }

    [Fact]
    public void A_user_without_a_password_has_no_password()
    {
        var parsed = Parsed("postgres://reader@db.example/flags");
        Assert.Equal(("reader", null), (parsed.Username, parsed.Password));
    }

    [Fact]
    public void An_escaped_database_name_is_unescaped()
    {
        Assert.Equal("my flags", Parsed("postgres://db.example/my%20flags").Database);
    }

    [Fact]
    public void Query_parameters_become_connection_settings_and_sslmode_is_matched_in_any_case()
    {
        var parsed = Parsed("postgres://db.example/flags?SSLMODE=disable&Timeout=7&&Application%20Name=store%20gen");
        Assert.Equal((SslMode.Disable, 7, "store gen"), (parsed.SslMode, parsed.Timeout, parsed.ApplicationName));
    }

    [Fact]
    public void A_query_parameter_without_a_value_leaves_the_setting_unset()
    {
        Assert.Null(Parsed("postgres://db.example/flags?Application%20Name").ApplicationName);   // an empty value clears it
    }

    [Fact]
    public void An_unknown_query_parameter_is_refused_naming_the_setting_and_the_parameter()
    {
        var error = Assert.Throws<StoreGenConfigurationException>(() => PostgresUrl.ToConnectionString("postgres://db.example/flags?colour=blue", "MY_DB"));
        Assert.Equal("MY_DB", error.Setting);
        Assert.StartsWith("MY_DB: has an unknown parameter 'colour'", error.Message, StringComparison.Ordinal);
    }
}
