using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using StoreGen.Persistence;
using Xunit;

namespace StoreGen.Tests;

/// <summary>
/// The file snapshot survives being killed at any moment: a child process persists in a tight loop and is SIGKILLed
/// at a random point, many times over the same file (plain and gzip); every restore must find a complete snapshot
/// holding at least what the child reported persisted. The child talks through a progress file, never through
/// pipes, and every wait is bounded, so a broken child fails the test instead of hanging it.
/// </summary>
public sealed class CrashTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _directory = Directory.CreateTempSubdirectory("storegen-crash-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Killing_the_writer_at_random_points_never_leaves_a_torn_snapshot()
    {
        string path = Path.Combine(_directory, "snapshot.json");
        string progress = Path.Combine(_directory, "progress");
        var random = new Random(20261122);
        int lastRestored = 0;
        const int Rounds = 30;
        for (int round = 0; round < Rounds; round++)
        {
            File.WriteAllText(progress, "");
            int persistsBeforeKill = random.Next(1, 5);
            int reported;
            using (var child = Start(path, progress, gzip: round % 2 == 1))
            {
                reported = WaitForPersists(child, progress, persistsBeforeKill);
                Thread.Sleep(random.Next(0, 12));   // not synchronization: moves the kill to a random point of the next persist
                child.Kill(entireProcessTree: true);   // SIGKILL: no chance to finish a write or clean up
                Assert.True(child.WaitForExit(Patience), "the killed writer did not exit");
            }

            var store = new RestoredItems();
            var group = new PersistentStoreGroup(new FileSnapshotBackend(path), new[] { store });
            var outcome = await group.RestoreAsync();
            Assert.True(outcome == RestoreOutcome.Restored, $"round {round}: {outcome} {group.RestoreError}");
            Assert.True(store.Count >= reported, $"round {round}: restored {store.Count} items, but {reported} were reported persisted");
            Assert.True(store.Count >= lastRestored, $"round {round}: restored {store.Count} items after {lastRestored} earlier");
            Assert.Equal(Enumerable.Range(0, store.Count), store.Numbers);   // complete: exactly items 0..count-1
            Assert.All(store.Payloads, p => Assert.Equal(new string('x', p.Number % 200), p.Payload));
            lastRestored = store.Count;

            // A killed writer may leave its temporary file; the next writer's first write removes earlier ones.
            Assert.True(Directory.EnumerateFiles(_directory, ".snapshot.json.*.tmp").Count() <= 1, "temporary files pile up");
        }
        Assert.True(lastRestored >= Rounds * 50, $"the writers made too little progress to test anything ({lastRestored} items)");
    }

    /// <summary>Waits (bounded) until the child has reported <paramref name="persists"/> persists; returns the last count.</summary>
    private static int WaitForPersists(Process child, string progress, int persists)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            // Only complete lines count: the child may be mid-append.
            string text = File.ReadAllText(progress);
            var lines = text[..(text.LastIndexOf('\n') + 1)].Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (lines.Length >= persists)
            {
                return int.Parse(lines[^1], System.Globalization.CultureInfo.InvariantCulture);
            }
            Assert.False(child.HasExited, $"the writer exited early with code {(child.HasExited ? child.ExitCode : 0)}");
            Assert.True(DateTime.UtcNow < deadline, "the writer reported no progress in time");
            Thread.Sleep(5);   // a bounded readiness poll of the progress file
        }
    }

    private static Process Start(string path, string progress, bool gzip) =>
        ChildProcess.Start(ChildProcess.Built("tests/tools/StoreGen.CrashWriter", "StoreGen.CrashWriter"),
            gzip ? new[] { path, progress, "gzip" } : new[] { path, progress });

    /// <summary>Reads the writer's snapshot: the same store name and item shape, seen from this side.</summary>
    private sealed class RestoredItems : IPersistableStore
    {
        public int[] Numbers { get; private set; } = Array.Empty<int>();

        public List<(int Number, string Payload)> Payloads { get; private set; } = new();

        public int Count => Numbers.Length;

        public string StoreName => "ItemStore";

        public long Version => 0;

        public long WriteItems(System.Text.Json.Utf8JsonWriter writer) => throw new NotSupportedException();

        public PendingRestore ReadItems(ref System.Text.Json.Utf8JsonReader reader)
        {
            var items = new List<(int, string)>();
            while (reader.Read() && reader.TokenType != System.Text.Json.JsonTokenType.EndArray)
            {
                using var item = System.Text.Json.JsonDocument.ParseValue(ref reader);
                items.Add((item.RootElement.GetProperty("number").GetInt32(), item.RootElement.GetProperty("payload").GetString()!));
            }
            return new PendingRestore(items.Count, _ =>
            {
                Payloads = items;
                Numbers = items.Select(i => i.Item1).OrderBy(n => n).ToArray();
                return items.Count;
            });
        }
    }
}
