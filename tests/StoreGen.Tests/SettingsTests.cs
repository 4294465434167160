using System;
using System.Collections.Generic;
using Microsoft.Extensions.Configuration;
using StoreGen.Hosting;
using Xunit;

namespace StoreGen.Tests;

/// <summary>How each kind of setting is read: which name wins, what each accepts, and how a bad value is reported.</summary>
public class SettingsTests
{
    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

    [Fact]
    public void The_flat_name_wins_and_a_blank_one_falls_back_to_the_section()
    {
        Assert.Equal("flat", StoreGenSettings.GetString(Configuration(new() { ["NAME"] = " flat ", ["StoreGen:Key"] = "section" }), "NAME", "Key"));
        Assert.Equal("section", StoreGenSettings.GetString(Configuration(new() { ["NAME"] = "  ", ["StoreGen:Key"] = " section " }), "NAME", "Key"));
        Assert.Null(StoreGenSettings.GetString(Configuration(new() { ["NAME"] = "", ["StoreGen:Key"] = " " }), "NAME", "Key"));
        Assert.Null(StoreGenSettings.GetString(Configuration(new()), "NAME", "Key"));
        Assert.Throws<ArgumentNullException>(() => StoreGenSettings.GetString(null!, "NAME", "Key"));
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("TRUE", true)]
    [InlineData("1", true)]
    [InlineData("Yes", true)]
    [InlineData("on", true)]
    [InlineData("false", false)]
    [InlineData("0", false)]
    [InlineData("NO", false)]
    [InlineData("off", false)]
    public void Booleans_accept_the_usual_spellings(string value, bool expected)
    {
        Assert.Equal(expected, StoreGenSettings.GetBool(Configuration(new() { ["FLAG"] = value }), "FLAG", "Flag"));
        Assert.Equal(expected, StoreGenSettings.GetBool(Configuration(new() { ["StoreGen:Flag"] = value }), "FLAG", "Flag"));
    }

    [Theory]
    [InlineData("30", 30)]
    [InlineData("0", 0)]
    [InlineData("00:01:30", 90)]
    [InlineData("1.00:00:00", 86_400)]
    public void Durations_are_whole_seconds_or_a_time_span(string value, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), StoreGenSettings.GetTimeSpan(Configuration(new() { ["WAIT"] = value }), "WAIT", "Wait"));

    [Theory]
    [InlineData("-00:00:01", "'-00:00:01' is not a duration")]
    [InlineData("-5", "'-5' is not a duration")]
    [InlineData("soon", "'soon' is not a duration")]
    public void A_negative_or_unreadable_duration_names_the_setting_even_when_set_in_the_section(string value, string fragment)
    {
        var error = Assert.Throws<StoreGenConfigurationException>(() =>
            StoreGenSettings.GetTimeSpan(Configuration(new() { ["StoreGen:Wait"] = value }), "WAIT", "Wait"));
        Assert.Equal("WAIT", error.Setting);
        Assert.Equal("WAIT: " + fragment + " (use seconds, e.g. 30, or hh:mm:ss, e.g. 00:00:30)", error.Message);
    }

    [Fact]
    public void Whole_numbers_are_non_negative()
    {
        Assert.Equal(12, StoreGenSettings.GetInt(Configuration(new() { ["COUNT"] = "12" }), "COUNT", "Count"));
        Assert.Null(StoreGenSettings.GetInt(Configuration(new()), "COUNT", "Count"));
        Assert.Null(StoreGenSettings.GetTimeSpan(Configuration(new()), "WAIT", "Wait"));
        Assert.Null(StoreGenSettings.GetBool(Configuration(new()), "FLAG", "Flag"));
        foreach (var bad in new[] { "-1", "twelve", "1.5" })
        {
            var error = Assert.Throws<StoreGenConfigurationException>(() => StoreGenSettings.GetInt(Configuration(new() { ["COUNT"] = bad }), "COUNT", "Count"));
            Assert.Equal("COUNT", error.Setting);
            Assert.Equal($"COUNT: '{bad}' is not a non-negative whole number", error.Message);
        }
    }

    [Fact]
    public void Bind_accepts_both_backend_names_when_they_agree_and_normalizes_the_value()
    {
        var options = new StorePersistenceOptions();
        StoreGenSettings.Bind(options, Configuration(new() { ["STORE_BACKEND"] = " File ", ["STORE_TYPE"] = "FILE", ["STORE_REQUIRE_RESTORE"] = "1" }));
        Assert.Equal("file", options.Backend);
        Assert.Equal("STORE_BACKEND", options.BackendSetting);   // both agree: errors name the main one
        Assert.True(options.RequireRestore);
        Assert.False(options.AcceptDataLoss);

        var defaults = new StorePersistenceOptions { FilePath = "code.json", Compress = true, PersistInterval = TimeSpan.Zero };
        StoreGenSettings.Bind(defaults, Configuration(new()));
        Assert.Equal("code.json", defaults.FilePath);   // nothing configured: the code's defaults stand
        Assert.True(defaults.Compress);
        Assert.Equal(TimeSpan.Zero, defaults.PersistInterval);
        Assert.Equal(StoreGenSettings.MemoryBackend, defaults.Backend);

        Assert.Equal("options", Assert.Throws<ArgumentNullException>(() => StoreGenSettings.Bind(null!, Configuration(new()))).ParamName);
        Assert.Equal("configuration", Assert.Throws<ArgumentNullException>(() => StoreGenSettings.Bind(new StorePersistenceOptions(), null!)).ParamName);
    }

    [Theory]
    [InlineData("merge", RestorePolicy.Merge)]
    [InlineData("WAIT", RestorePolicy.Wait)]
    [InlineData("accept-loss", RestorePolicy.AcceptLoss)]
    [InlineData("AcceptLoss", RestorePolicy.AcceptLoss)]
    public void The_restore_policy_is_read_by_name_in_any_case_from_either_key(string value, RestorePolicy expected)
    {
        var other = expected == RestorePolicy.Merge ? RestorePolicy.Wait : RestorePolicy.Merge;
        foreach (var key in new[] { "STORE_RESTORE_POLICY", "StoreGen:RestorePolicy" })
        {
            var options = new StorePersistenceOptions { RestorePolicy = other };
            StoreGenSettings.Bind(options, Configuration(new() { [key] = value }));
            Assert.Equal(expected, options.RestorePolicy);
        }
    }

    [Fact]
    public void An_unknown_restore_policy_names_the_setting_and_the_accepted_ones()
    {
        var error = Assert.Throws<StoreGenConfigurationException>(() =>
            StoreGenSettings.Bind(new StorePersistenceOptions(), Configuration(new() { ["StoreGen:RestorePolicy"] = "Later" })));
        Assert.Equal("STORE_RESTORE_POLICY", error.Setting);
        Assert.Equal("STORE_RESTORE_POLICY: 'later' is not a restore policy (use wait, merge or accept-loss)", error.Message);
    }

    [Fact]
    public void Every_setting_is_read_from_the_section_and_the_code_defaults_stand_for_those_not_set()
    {
        var options = new StorePersistenceOptions { BackendSetting = "unset" };
        StoreGenSettings.Bind(options, Configuration(new()
        {
            ["StoreGen:Type"] = "File",
            ["StoreGen:File:Path"] = "section.json",
            ["StoreGen:File:Compress"] = "on",
            ["StoreGen:PersistInterval"] = "00:02:00",
            ["StoreGen:RetryDelay"] = "3",
            ["STORE_MAX_RETRY_DELAY"] = "40",
            ["StoreGen:RequireRestore"] = "true",
            ["StoreGen:MaxSnapshotBytes"] = "4096",
        }));
        Assert.Equal(("file", "STORE_TYPE"), (options.Backend, options.BackendSetting));
        Assert.Equal(("section.json", true), (options.FilePath, options.Compress));
        Assert.Equal((TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(40)), (options.PersistInterval, options.RetryDelay, options.MaxRetryDelay));
        Assert.True(options.RequireRestore);
        Assert.Equal(4096, options.MaxSnapshotBytes);

        var defaults = new StorePersistenceOptions
        {
            BackendSetting = "unset", RetryDelay = TimeSpan.FromSeconds(7), MaxRetryDelay = TimeSpan.FromSeconds(70), AcceptDataLoss = true,
            RequireRestore = true, RestorePolicy = RestorePolicy.Wait, MaxSnapshotBytes = 99,
        };
        StoreGenSettings.Bind(defaults, Configuration(new() { ["STORE_BACKEND"] = "file" }));
        Assert.Equal("STORE_BACKEND", defaults.BackendSetting);
        Assert.Equal((TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(70)), (defaults.RetryDelay, defaults.MaxRetryDelay));
        Assert.Equal((true, true, RestorePolicy.Wait, 99L), (defaults.AcceptDataLoss, defaults.RequireRestore, defaults.RestorePolicy, defaults.MaxSnapshotBytes));
    }

    [Fact]
    public void Backend_and_type_that_disagree_are_refused_naming_both()
    {
        var error = Assert.Throws<StoreGenConfigurationException>(() =>
            StoreGenSettings.Bind(new StorePersistenceOptions(), Configuration(new() { ["STORE_BACKEND"] = "file", ["StoreGen:Type"] = "s3" })));
        Assert.Equal("STORE_BACKEND", error.Setting);
        Assert.Equal("STORE_BACKEND: is 'file' but STORE_TYPE is 's3'; set one of them (STORE_TYPE is the feature-flag store's name for the same setting)", error.Message);
    }

    [Fact]
    public void Integers_stop_at_int_MaxValue_and_a_zero_time_span_is_a_duration()
    {
        Assert.Equal(int.MaxValue, StoreGenSettings.GetInt(Configuration(new() { ["COUNT"] = "2147483647" }), "COUNT", "Count"));
        var error = Assert.Throws<StoreGenConfigurationException>(() => StoreGenSettings.GetInt(Configuration(new() { ["COUNT"] = "2147483648" }), "COUNT", "Count"));
        Assert.Equal("COUNT: 2147483648 is more than 2147483647", error.Message);
        Assert.Equal(5_000_000_000L, StoreGenSettings.GetLong(Configuration(new() { ["StoreGen:Size"] = "5000000000" }), "SIZE", "Size"));
        Assert.Equal(TimeSpan.Zero, StoreGenSettings.GetTimeSpan(Configuration(new() { ["WAIT"] = "00:00:00" }), "WAIT", "Wait"));
        var notBool = Assert.Throws<StoreGenConfigurationException>(() => StoreGenSettings.GetBool(Configuration(new() { ["StoreGen:Flag"] = "Maybe" }), "FLAG", "Flag"));
        Assert.Equal("FLAG: 'maybe' is not a boolean (use true or false)", notBool.Message);
    }
}
