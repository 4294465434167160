using System;

namespace StoreGen.Servers.Tests;

/// <summary>Connection settings exported by test.sh. Missing settings fail the test loudly: never skipped.</summary>
internal static class ServerSettings
{
    public static string Require(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: run the tests with ./test.sh, which starts PostgreSQL, Redis and s3rver.");

    public static (string Host, int Port) HostPort(string value)
    {
        int colon = value.LastIndexOf(':');
        return (value[..colon], int.Parse(value[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }
}
