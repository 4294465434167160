using System;
using System.Globalization;
using Npgsql;
using StoreGen.Hosting;

namespace StoreGen.Postgres;

/// <summary>Turns a <c>postgres://user:password@host:port/database?sslmode=…</c> URL (<c>DATABASE_URL</c>) into an Npgsql connection string.</summary>
public static class PostgresUrl
{
    /// <summary>The connection string for <paramref name="url"/>; throws naming <paramref name="setting"/> when it is not a postgres URL.</summary>
    public static string ToConnectionString(string url, string setting = "DATABASE_URL")
    {
        var parsed = BackendUrl.Parse(url, setting, 5432, "postgres://user:password@host:port/database", "postgres", "postgresql");
        var uri = parsed.Uri;
        var builder = new NpgsqlConnectionStringBuilder { Host = parsed.Host, Port = parsed.Port };
        if (parsed.UserInfo.Length > 0)
        {
            builder.Username = parsed.UserInfo[0];
            if (parsed.UserInfo.Length == 2)
            {
                builder.Password = parsed.UserInfo[1];
            }
        }
        string database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            string name = Uri.UnescapeDataString(kv[0]);
            string value = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "";
            try
            {
                builder[name.ToLower(CultureInfo.InvariantCulture) == "sslmode" ? "SSL Mode" : name] = value;
            }
            catch (ArgumentException error)
            {
                throw new StoreGenConfigurationException(setting, $"has an unknown parameter '{name}': {error.Message}");
            }
        }
        return builder.ConnectionString;
    }
}
