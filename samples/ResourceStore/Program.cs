using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using ResourceWatch;
using StoreGen;

// The resource store of a template-rendering ingress controller: watched resources indexed by composite keys, held
// in memory, or — for large resources read rarely (secrets) — as references whose items are fetched on first use
// and cached with a TTL. Both answer the same reads, so the controller switches between them. One line a behaviour.
var memory = new ResourceStore();
memory.Upsert(new Resource("default", "web", "Ingress", "host: web.example.com"));
memory.Upsert(new Resource("default", "api", "Ingress", "host: api.example.com"));
memory.Upsert(new Resource("shop", "cart", "Ingress", "host: cart.example.com"));

Console.WriteLine($"full key      Get(default, web)    -> {memory.Get("default", "web")?.Data}");
Console.WriteLine($"partial key   Find(default)        -> {Names(memory.Find("default"))}");
Console.WriteLine($"list          ToArray()            -> {Names(memory.ToArray())}");
Console.WriteLine($"missing       Get(default, nope)   -> {memory.Get("default", "nope")?.Data ?? "null"}");

memory.Upsert(memory.Get("default", "web")! with { Data = "host: www.example.com" });
Console.WriteLine($"update        Upsert(web)          -> {memory.Get("default", "web")?.Data}, {memory.Count} items");
Console.WriteLine($"delete        Remove(default, api) -> {memory.Remove("default", "api")}, again {memory.Remove("default", "api")}");
memory.Upsert(new Resource("shop", "checkout", "Ingress", "host: pay.example.com"));
Console.WriteLine($"delete prefix RemoveAll(shop)      -> {memory.RemoveAll("shop")} removed, left {Names(memory.ToArray())}");

// Key-count errors name the store, the operation and the keys, and change nothing.
IIndexedStore untyped = memory;
try
{
    untyped.GetByKeys("default", "web", "extra");
}
catch (StoreException error)
{
    Console.WriteLine($"key count     {error.StoreName}.{error.Operation} [{string.Join(", ", error.Keys)}]: {error.Reason}");
}
memory.Clear();
Console.WriteLine($"clear         Clear()              -> {memory.Count} items");

// The cached store: references from the watcher, items fetched from the API on a miss, cached for a TTL.
var api = new Dictionary<(string, string), Resource>
{
    [("default", "tls-cert")] = new("default", "tls-cert", "Secret", "cert-v1"),
    [("default", "db-password")] = new("default", "db-password", "Secret", "hunter2"),
    [("other", "token")] = new("other", "token", "Secret", "t0ken"),
};
int fetches = 0;
var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
using var cached = new ResourceStore.OnDemand(
    (key, _) =>
    {
        Interlocked.Increment(ref fetches);
        return ValueTask.FromResult(api.GetValueOrDefault((key.Namespace, key.Name)));
    },
    new OnDemandOptions { TimeToLive = TimeSpan.FromMinutes(10), TimeProvider = clock });
foreach (var (ns, name) in api.Keys)
{
    cached.AddReference(ns, name);
}
Console.WriteLine($"references    {cached.ReferenceCount} held, {fetches} fetched");
var first = await cached.GetAsync("default", "tls-cert");
var again = await cached.GetAsync("default", "tls-cert");
Console.WriteLine($"fetch on miss {first?.Data}, then from the cache: {fetches} fetch, same item {ReferenceEquals(first, again)}");
api[("default", "tls-cert")] = new("default", "tls-cert", "Secret", "cert-v2");
clock.Advance(TimeSpan.FromMinutes(11));
Console.WriteLine($"TTL           after 11 min -> {(await cached.GetAsync("default", "tls-cert"))?.Data}, {fetches} fetches");
cached.ClearCache();
Console.WriteLine($"ClearCache    -> {(await cached.GetAsync("default", "tls-cert"))?.Data}, {fetches} fetches");
Console.WriteLine($"unreferenced  GetAsync(default, nope) -> {(await cached.GetAsync("default", "nope"))?.Data ?? "null"}, {fetches} fetches");
Console.WriteLine($"statistics    {cached.Statistics}");

// One interface, two strategies: the renderer does not know which it reads.
memory.UpsertMany(api.Values);
foreach (ResourceStore.IReads reads in new ResourceStore.IReads[] { memory, cached })
{
    var all = await reads.ListAsync();
    var inDefault = await reads.FindAsync("default");
    Console.WriteLine($"switch        {reads.StoreName}: {all.Count} items, default -> {Names(inDefault)}, token -> {(await reads.GetAsync("other", "token"))?.Data}");
}

static string Names(IEnumerable<Resource> items) => "[" + string.Join(", ", items.Select(r => $"{r.Namespace}/{r.Name}").Order()) + "]";
