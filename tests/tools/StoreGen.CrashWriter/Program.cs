using System;
using System.IO;
using System.Linq;
using StoreGen;
using StoreGen.CrashWriter;
using StoreGen.Persistence;

// Usage: StoreGen.CrashWriter <snapshot path> <progress file> [gzip]
// Restores, then grows the store and persists it over and over until killed. After each persist it appends the
// persisted item count to the progress file (a line; the parent reads only complete lines). Every snapshot it
// writes holds exactly the items 0..count-1. It writes nothing to stdout, so the parent needs no pipes.
var store = new ItemStore();
var group = new PersistentStoreGroup(new FileSnapshotBackend(args[0], compress: args.Length > 2 && args[2] == "gzip"), new[] { store });
var outcome = await group.RestoreAsync();
if (outcome == RestoreOutcome.Failed)
{
    await Console.Error.WriteLineAsync("restore failed: " + group.RestoreError);
    return 1;
}
int next = store.Count;
while (true)
{
    store.UpsertMany(Enumerable.Range(next, 50).Select(n => new Item(n, new string('x', n % 200), DateTimeOffset.UnixEpoch.AddSeconds(n))));
    next += 50;
    await group.PersistAsync();
    await File.AppendAllTextAsync(args[1], next + "\n");
}

namespace StoreGen.CrashWriter
{
    /// <summary>An item whose payload grows, so snapshots take a while to write.</summary>
    [Store(Keys = new[] { nameof(Number) })]
    public partial record Item(int Number, string Payload, DateTimeOffset At);
}
