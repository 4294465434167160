using System;

namespace StoreGen.Hosting;

/// <summary>
/// A backend's URL setting (<c>DATABASE_URL</c>, <c>REDIS_URL</c>): an absolute URL of one of the backend's schemes
/// with a host, its port (or the default), and the user information split at the first <c>:</c> and unescaped.
/// </summary>
internal sealed class BackendUrl
{
    private BackendUrl(Uri uri, int port, string[] userInfo)
    {
        Uri = uri;
        Port = port;
        UserInfo = userInfo;
    }

    public Uri Uri { get; }

    public string Host => Uri.Host;

    public int Port { get; }

    /// <summary>Nothing, one part (<c>name</c>) or two (<c>name:password</c>), unescaped.</summary>
    public string[] UserInfo { get; }

    /// <summary>Parses <paramref name="url"/>; throws naming <paramref name="setting"/> and the expected <paramref name="shape"/> when it is not one.</summary>
    public static BackendUrl Parse(string url, string setting, int defaultPort, string shape, params string[] schemes)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || Array.IndexOf(schemes, uri.Scheme) < 0 || uri.Host.Length == 0)
        {
            throw new StoreGenConfigurationException(setting, $"is not a {schemes[0]}:// URL ({shape})");
        }
        var userInfo = uri.UserInfo.Length == 0 ? Array.Empty<string>() : Array.ConvertAll(uri.UserInfo.Split(':', 2), Uri.UnescapeDataString);
        return new BackendUrl(uri, uri.IsDefaultPort || uri.Port < 0 ? defaultPort : uri.Port, userInfo);
    }
}
