using System;
using System.Collections.Generic;
using System.Globalization;
using Npgsql;

namespace StoreGen.Postgres;

/// <summary>
/// The notifications the listener received since it last looked: each payload names a store and the version its
/// writer committed (<c>store:version</c>), so a wake-up polls only the stores that changed past their cursor. A
/// payload that cannot be read makes the next poll cover every store.
/// </summary>
internal sealed class Notifications
{
    private readonly object _gate = new();
    private Dictionary<string, long> _stores = new();
    private bool _all;

    /// <summary>Records one notification (Npgsql's <see cref="NpgsqlConnection.Notification"/> handler).</summary>
    public void Add(object? sender, NpgsqlNotificationEventArgs notification)
    {
        string payload = notification.Payload;
        int colon = payload.LastIndexOf(':');
        lock (_gate)
        {
            if (colon > 0 && long.TryParse(payload.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long version))
            {
                string store = payload[..colon];
                _stores[store] = Math.Max(version, _stores.GetValueOrDefault(store));
            }
            else
            {
                _all = true;
            }
        }
    }

    /// <summary>The newest version notified per store since the last call; null when every store must be polled.</summary>
    public Dictionary<string, long>? Take()
    {
        lock (_gate)
        {
            var taken = _all ? null : _stores;
            _stores = new Dictionary<string, long>();
            _all = false;
            return taken;
        }
    }
}
