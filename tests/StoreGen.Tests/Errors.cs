using System;

namespace StoreGen.Tests;

internal static class Errors
{
    private static readonly string[] Namespaces = { "default", "kube-system", "shop" };
    private static readonly string[] Messages = { "connection TIMEOUT to db", "OOMKilled", "readiness probe failed", "Timeout waiting for lock" };

    public static ErrorRecord Make(int n, DateTimeOffset? lastSeen = null) => new(
        $"e{n}", $"fp{n}", Namespaces[n % Namespaces.Length], $"pod-{n % 5}", Messages[n % Messages.Length],
        (Priority)(n % 4), 1 + n % 3, lastSeen ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(n));
}
