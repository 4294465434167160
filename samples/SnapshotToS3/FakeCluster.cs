using System;
using System.Collections.Generic;
using System.Linq;

namespace SnapshotToS3;

/// <summary>
/// Stands in for the Kubernetes API the claims/XR cache polls: per GVR, the current list of claims and XRs. Deterministic per
/// cycle, and it changes between cycles (a claim appears, one becomes ready, one is deleted), so each poll is a real
/// replace, not a no-op.
/// </summary>
internal static class FakeCluster
{
    public static readonly string[] ClaimGvrs = { "database.example.org/v1alpha1/postgresqlinstances", "storage.example.org/v1alpha1/buckets" };
    public static readonly string[] XrGvrs = { "database.example.org/v1alpha1/xpostgresqlinstances", "storage.example.org/v1alpha1/xbuckets" };
    private static readonly DateTimeOffset Epoch = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    public static IReadOnlyList<ClaimInfo> ListClaims(string gvr, int cycle)
    {
        string kind = gvr.Contains("postgres", StringComparison.Ordinal) ? "PostgreSQLInstance" : "Bucket";
        return Enumerable.Range(0, 3 + cycle)
            .Where(n => n != cycle - 2)   // from cycle 2 on, one earlier claim is gone
            .Select(n => new ClaimInfo(gvr, $"team-{n % 2}", $"{kind.ToLowerInvariant()}-{n}", kind, $"{kind.ToLowerInvariant()}-{n}-x7k2",
                Ready: n < cycle + 1, CreatedAt: Epoch.AddMinutes(n)))
            .ToList();
    }

    public static IReadOnlyList<XrInfo> ListXrs(string gvr, int cycle)
    {
        string kind = gvr.Contains("postgres", StringComparison.Ordinal) ? "XPostgreSQLInstance" : "XBucket";
        string claimKind = kind[1..].ToLowerInvariant();
        return Enumerable.Range(0, 3 + cycle)
            .Where(n => n != cycle - 2)
            .Select(n => new XrInfo(gvr, $"{claimKind}-{n}-x7k2", kind, $"{claimKind}-{(n % 2 == 0 ? "aws" : "gcp")}", n < cycle + 1, Epoch.AddMinutes(n)))
            .ToList();
    }
}
