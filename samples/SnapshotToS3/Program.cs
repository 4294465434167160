using System;
using System.Linq;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SnapshotToS3;
using StoreGen.Hosting;
using StoreGen.Persistence;
using StoreGen.S3;

// The claims/XR cache of a Crossplane poller: a poller keeps Crossplane claims and XRs in memory for Prometheus, and persists both
// stores together to one S3 object after every poll cycle, restoring from it at startup. Settings are the claims/XR cache's:
// S3_BUCKET (required), S3_KEY_PREFIX, S3_REGION, S3_ENDPOINT; credentials come from the AWS SDK's default chain.
// POLL_CYCLES (default 3) cycles are run, then the process exits (flushing on shutdown).
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services
    .AddStoreGen(defaults => { defaults.Backend = "s3"; defaults.PersistInterval = TimeSpan.Zero; })   // persist after each cycle, as the claims/XR cache does
    .AddStore<ClaimInfoStore>()
    .AddStore<XrInfoStore>()
    .AddS3(s3 => s3.KeyPrefix = "xp-tracker");
using var host = builder.Build();
await host.StartAsync();   // restores before the first poll

var persistence = host.Services.GetRequiredService<StorePersistence>();
var claims = host.Services.GetRequiredService<ClaimInfoStore>();
var xrs = host.Services.GetRequiredService<XrInfoStore>();
// Restored data is served (e.g. scraped) before the first poll completes: no empty dashboards after a restart.
Console.WriteLine($"startup  {persistence.Outcome} from {persistence.Location}: serving {claims.Count} claims, {xrs.Count} XRs before the first poll");
if (persistence.Outcome == RestoreOutcome.Failed)
{
    Console.WriteLine($"         not restored ({persistence.RestoreError?.Message}); serving empty, the snapshot is kept");
}

int cycles = builder.Configuration.GetValue("POLL_CYCLES", 3);
for (int cycle = 0; cycle < cycles; cycle++)
{
    // One poll: replace each GVR's items (the claims/XR cache's ReplaceClaims / ReplaceXRs), then enrich and persist.
    foreach (string gvr in FakeCluster.XrGvrs)
    {
        xrs.ReplaceAll(gvr, FakeCluster.ListXrs(gvr, cycle));
    }
    foreach (string gvr in FakeCluster.ClaimGvrs)
    {
        claims.ReplaceAll(gvr, FakeCluster.ListClaims(gvr, cycle).Select(claim => claim with
        {
            // The claims/XR cache's EnrichClaimCompositions: a claim's composition is its XR's, found by the XR-name index.
            Composition = xrs.FindByName(claim.ResourceName).FirstOrDefault()?.Composition,
        }));
    }
    bool written = await persistence.PersistAsync();

    // What Prometheus would scrape, read from memory (lock-free), never from S3.
    var byKind = claims.Snapshot().GroupBy(c => c.Kind).OrderBy(g => g.Key).Select(g => $"{g.Key}={g.Count()}");
    Console.WriteLine($"cycle {cycle}  {claims.Count} claims ({string.Join(", ", byKind)}), {xrs.Count} XRs, " +
        $"{claims.Snapshot().Count(c => c.Ready)} ready, aws compositions: {xrs.FindByComposition("postgresqlinstance-aws").Count + xrs.FindByComposition("bucket-aws").Count}; " +
        (written ? "persisted" : "unchanged, not uploaded"));
}

await host.StopAsync();
