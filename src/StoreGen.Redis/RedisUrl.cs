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
        var parsed = BackendUrl.Parse(url, setting, 6379, "redis://[:password@]host:port[/db]", "redis", "rediss");
        var uri = parsed.Uri;
        var options = new ConfigurationOptions { Ssl = uri.Scheme == "rediss" };
        options.EndPoints.Add(parsed.Host, parsed.Port);
        if (parsed.UserInfo.Length == 2)
        {
            options.User = parsed.UserInfo[0].Length > 0 ? parsed.UserInfo[0] : null;
            options.Password = parsed.UserInfo[1];
        }
        else if (parsed.UserInfo.Length == 1)
        {
            options.Password = parsed.UserInfo[0];
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
