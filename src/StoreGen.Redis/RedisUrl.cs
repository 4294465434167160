using System;
using System.Globalization;
using StackExchange.Redis;
using StoreGen.Hosting;

namespace StoreGen.Redis;

/// <summary>Turns a <c>redis://[:password@]host:port[/db]</c> (or <c>rediss://</c>, TLS) URL (<c>REDIS_URL</c>) into StackExchange.Redis options.</summary>
public static class RedisUrl
{
    /// <summary>The options for <paramref name="url"/>; throws naming <paramref name="setting"/> when it is not a redis URL.</summary>
    public static ConfigurationOptions Parse(string url, string setting = "REDIS_URL")
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != "redis" && uri.Scheme != "rediss") || uri.Host.Length == 0)
        {
            throw new StoreGenConfigurationException(setting, "is not a redis:// URL (redis://[:password@]host:port[/db])");
        }
        var options = new ConfigurationOptions { Ssl = uri.Scheme == "rediss" };
        options.EndPoints.Add(uri.Host, uri.IsDefaultPort || uri.Port < 0 ? 6379 : uri.Port);
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            if (parts.Length == 2)
            {
                options.User = parts[0].Length > 0 ? Uri.UnescapeDataString(parts[0]) : null;
                options.Password = Uri.UnescapeDataString(parts[1]);
            }
            else
            {
                options.Password = Uri.UnescapeDataString(parts[0]);
            }
        }
        string db = uri.AbsolutePath.Trim('/');
        if (db.Length > 0)
        {
            options.DefaultDatabase = int.TryParse(db, NumberStyles.None, CultureInfo.InvariantCulture, out int number)
                ? number
                : throw new StoreGenConfigurationException(setting, $"names database '{db}', which is not a number");
        }
        return options;
    }
}
