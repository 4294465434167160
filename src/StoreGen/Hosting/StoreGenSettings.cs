using System;
using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace StoreGen.Hosting;

/// <summary>
/// The settings StoreGen reads from configuration, without reflection (AOT- and trim-safe). Every setting has a flat
/// environment-variable name (the Go stores' names: <c>STORE_BACKEND</c>, <c>S3_BUCKET</c>, …) and a key in the
/// <c>StoreGen</c> section (<c>StoreGen:Backend</c>, <c>StoreGen:S3:Bucket</c>, … for appsettings.json). The flat name
/// wins when both are set, so the environment overrides files; both override the defaults set in code.
/// </summary>
public static class StoreGenSettings
{
    /// <summary>The configuration section: <c>StoreGen</c>.</summary>
    public const string Section = "StoreGen";

    /// <summary>The backend that persists nothing.</summary>
    public const string MemoryBackend = "memory";

    /// <summary>The embedded file snapshot.</summary>
    public const string FileBackend = "file";

    /// <summary>The setting that chooses the backend.</summary>
    public const string BackendSetting = "STORE_BACKEND";

    /// <summary>The same setting under the feature-flag store's name.</summary>
    public const string TypeSetting = "STORE_TYPE";

    /// <summary>Applies configuration over <paramref name="options"/> (which hold the code's defaults).</summary>
    public static void Bind(StorePersistenceOptions options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        string? backend = GetString(configuration, BackendSetting, "Backend");
        string? type = GetString(configuration, TypeSetting, "Type");
        if (backend is not null && type is not null && !string.Equals(backend, type, StringComparison.OrdinalIgnoreCase))
        {
            throw new StoreGenConfigurationException(BackendSetting, $"is '{backend}' but {TypeSetting} is '{type}'; set one of them ({TypeSetting} is the feature-flag store's name for the same setting)");
        }
        options.Backend = (backend ?? type ?? options.Backend).Trim().ToLowerInvariant();
        options.BackendSetting = backend is null && type is not null ? TypeSetting : BackendSetting;
        options.FilePath = GetString(configuration, "STORE_FILE_PATH", "File:Path") ?? options.FilePath;
        options.Compress = GetBool(configuration, "STORE_FILE_COMPRESS", "File:Compress") ?? options.Compress;
        options.PersistInterval = GetTimeSpan(configuration, "STORE_PERSIST_INTERVAL", "PersistInterval") ?? options.PersistInterval;
        options.RetryDelay = GetTimeSpan(configuration, "STORE_RETRY_DELAY", "RetryDelay") ?? options.RetryDelay;
        options.MaxRetryDelay = GetTimeSpan(configuration, "STORE_MAX_RETRY_DELAY", "MaxRetryDelay") ?? options.MaxRetryDelay;
        options.AcceptDataLoss = GetBool(configuration, "STORE_ACCEPT_DATA_LOSS", "AcceptDataLoss") ?? options.AcceptDataLoss;
        options.RequireRestore = GetBool(configuration, "STORE_REQUIRE_RESTORE", "RequireRestore") ?? options.RequireRestore;
        options.RestorePolicy = GetString(configuration, "STORE_RESTORE_POLICY", "RestorePolicy")?.ToLowerInvariant() switch
        {
            null => options.RestorePolicy,
            "merge" => RestorePolicy.Merge,
            "wait" => RestorePolicy.Wait,
            "accept-loss" or "acceptloss" => RestorePolicy.AcceptLoss,
            var other => throw new StoreGenConfigurationException("STORE_RESTORE_POLICY", $"'{other}' is not a restore policy (use wait, merge or accept-loss)"),
        };
        options.MaxSnapshotBytes = GetLong(configuration, "STORE_MAX_SNAPSHOT_BYTES", "MaxSnapshotBytes") ?? options.MaxSnapshotBytes;
    }

    /// <summary>The value of <paramref name="name"/>, else of <c>StoreGen:<paramref name="key"/></c>; null when neither is set or both are blank.</summary>
    public static string? GetString(IConfiguration configuration, string name, string key)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string? value = configuration[name];
        if (string.IsNullOrWhiteSpace(value))
        {
            value = configuration[Section + ":" + key];
        }
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    /// <summary>A boolean setting (<c>true</c>/<c>false</c>/<c>1</c>/<c>0</c>/<c>yes</c>/<c>no</c>); throws naming the setting if it is anything else.</summary>
    public static bool? GetBool(IConfiguration configuration, string name, string key) =>
        GetString(configuration, name, key)?.ToLowerInvariant() switch
        {
            null => null,
            "true" or "1" or "yes" or "on" => true,
            "false" or "0" or "no" or "off" => false,
            var other => throw new StoreGenConfigurationException(name, $"'{other}' is not a boolean (use true or false)"),
        };

    /// <summary>A non-negative TimeSpan setting: <c>00:00:30</c>, or whole seconds (<c>30</c>); throws naming the setting otherwise.</summary>
    public static TimeSpan? GetTimeSpan(IConfiguration configuration, string name, string key)
    {
        string? value = GetString(configuration, name, key);
        if (value is null)
        {
            return null;
        }
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }
        if (TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var span) && span >= TimeSpan.Zero)
        {
            return span;
        }
        throw new StoreGenConfigurationException(name, $"'{value}' is not a duration (use seconds, e.g. 30, or hh:mm:ss, e.g. 00:00:30)");
    }

    /// <summary>A non-negative 64-bit integer setting; throws naming the setting otherwise.</summary>
    public static long? GetLong(IConfiguration configuration, string name, string key)
    {
        string? value = GetString(configuration, name, key);
        if (value is null)
        {
            return null;
        }
        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long number)
            ? number
            : throw new StoreGenConfigurationException(name, $"'{value}' is not a non-negative whole number");
    }

    /// <summary>A positive integer setting (a backend's batch size, queue capacity); throws naming the setting when it is 0 or not a number.</summary>
    internal static int? GetPositiveInt(IConfiguration configuration, string name, string key) =>
        GetInt(configuration, name, key) switch
        {
            0 => throw new StoreGenConfigurationException(name, "must be at least 1"),
            var value => value,
        };

    /// <summary><paramref name="value"/> when it is more than zero (a backend's poll interval); throws naming <paramref name="setting"/> otherwise.</summary>
    internal static TimeSpan RequirePositive(TimeSpan value, string setting) =>
        value > TimeSpan.Zero ? value : throw new StoreGenConfigurationException(setting, "must be more than zero");

    /// <summary>A non-negative integer setting; throws naming the setting otherwise.</summary>
    public static int? GetInt(IConfiguration configuration, string name, string key) =>
        GetLong(configuration, name, key) switch
        {
            null => null,
            <= int.MaxValue and var number => (int)number,
            var number => throw new StoreGenConfigurationException(name, $"{number} is more than {int.MaxValue}"),
        };
}
