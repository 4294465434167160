using System;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using QuickStart;
using StoreGen.Hosting;
using StoreGen.Persistence;

// A resource cache, as the Kubernetes resource store keeps one, on the generated memory store —
// persisted to the embedded file snapshot, so a second run starts with the first run's data. The backend is
// chosen by configuration: STORE_BACKEND=memory turns persistence off, STORE_FILE_PATH moves the file.
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services
    .AddStoreGen(defaults => { defaults.Backend = "file"; defaults.FilePath = "storegen-data/quickstart.json"; })
    .AddStore<IngressStore>();
using var host = builder.Build();
await host.StartAsync();   // restores before anything reads the store
var persistence = host.Services.GetRequiredService<StorePersistence>();
var store = host.Services.GetRequiredService<IngressStore>();
Console.WriteLine(persistence.Outcome switch
{
    RestoreOutcome.Restored => $"restored      {store.Count} items (v{store.Version}) from {persistence.Options.FilePath}, saved by the previous run",
    RestoreOutcome.NoSnapshot when persistence.Options.Backend == "file" => $"first run     no snapshot at {persistence.Options.FilePath} yet: starting empty",
    RestoreOutcome.NoSnapshot => $"in memory     STORE_BACKEND={persistence.Options.Backend}: nothing is restored or persisted",
    _ => $"restore       failed, starting empty, the snapshot is kept: {persistence.RestoreError?.Message}",
});

store.Upsert(new Ingress("default", "web", "web.example.com", 80, Guid.Parse("00000000-0000-0000-0000-000000000001")));
store.Upsert(new Ingress("default", "api", "api.example.com", 8080, Guid.Parse("00000000-0000-0000-0000-000000000002")));
store.Upsert(new Ingress("shop", "cart", "web.example.com", 443, Guid.Parse("00000000-0000-0000-0000-000000000003")));

Console.WriteLine($"full key      Get(default, api)      -> {store.Get("default", "api")?.Host}");
Console.WriteLine($"partial key   Find(default)          -> {string.Join(", ", Names(store.Find("default")))}");
Console.WriteLine($"index         FindByHost(web...)     -> {string.Join(", ", Names(store.FindByHost("web.example.com")))}");
Console.WriteLine($"unique index  GetByUid(...03)        -> {store.GetByUid(Guid.Parse("00000000-0000-0000-0000-000000000003"))?.Name}");
Console.WriteLine($"missing       Get(default, nope)     -> {store.Get("default", "nope")?.Name ?? "null (not found is not an error)"}");

// A snapshot is O(1) and isolated: iterate it while a writer keeps adding.
var snapshot = store.Snapshot();
var writer = Task.Run(() =>
{
    for (int n = 0; n < 10_000; n++)
    {
        store.Upsert(new Ingress("load", $"ing-{n}", $"h{n % 10}.example.com", 80, new Guid(n + 100, 0, 0, new byte[8])));
    }
});
int seen = 0;
while (!writer.IsCompleted)
{
    seen = 0;
    foreach (var _ in snapshot)
    {
        seen++;
    }
}
await writer;
Console.WriteLine($"snapshot      v{snapshot.Version}: {seen} items while writing; live store now v{store.Version}: {store.Count} items");

// The untyped view, for templates and admin tools.
StoreGen.IIndexedStore untyped = store;
Console.WriteLine($"untyped       GetByKeys(\"shop\")       -> {untyped.GetByKeys("shop").Count} item(s) of {untyped.KeyCount} key members ({string.Join(", ", untyped.KeyNames)})");
try
{
    untyped.GetByKeys("default", "web", "extra");
}
catch (StoreGen.StoreException error)
{
    Console.WriteLine($"bad input     {error.Message}");
}

// Stopping the host flushes the snapshot (it is also written every 30 seconds, and on PersistAsync()).
await host.StopAsync();
if (persistence.Options.Backend == "file")
{
    Console.WriteLine($"persisted     {store.Count} items to {persistence.Options.FilePath}: run again to restore them");
}

static string[] Names(System.Collections.Generic.IReadOnlyList<Ingress> items) =>
    Array.ConvertAll(System.Linq.Enumerable.ToArray(items), i => $"{i.Namespace}/{i.Name}");
