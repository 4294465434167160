using System;
using System.Threading.Tasks;
using QuickStart;

// A resource cache, as the Kubernetes watcher in the second seed keeps one, on the generated memory store.
var store = new IngressStore();
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
        store.Upsert(new Ingress("load", $"ing-{n}", $"h{n % 10}.example.com", 80, Guid.NewGuid()));
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

static string[] Names(System.Collections.Generic.IReadOnlyList<Ingress> items) =>
    Array.ConvertAll(System.Linq.Enumerable.ToArray(items), i => $"{i.Namespace}/{i.Name}");
