using System;
using System.Linq;
using System.Threading;
using FeatureFlags;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StoreGen;
using StoreGen.Postgres;

// The feature-flag store: flags in memory behind one interface, persisted to PostgreSQL or not by one setting.
// STORE_TYPE=memory (the default) needs no server; STORE_TYPE=postgres needs DATABASE_URL (postgres://…).
// ROLE=writer upserts and deletes flags, then sets ops/writer-done; ROLE=watcher prints each flag change as it reaches
// its store (from any replica) until it sees ops/writer-done, or gives up after WATCH_SECONDS (60 by default). Run a watcher and a writer side by side to see two
// replicas converge. A replica applies what was committed since its last poll at once, so commits made in quick
// succession may arrive together (a flag added and deleted in between is never seen); the state always converges.
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<FlagService>();
builder.Services.AddStoreGen().AddStore<FlagStore>().AddPostgres();
using var host = builder.Build();
await host.StartAsync();   // with postgres: the table is created if needed and loaded before anything is served

var flags = host.Services.GetRequiredService<FlagService>();
var store = host.Services.GetRequiredService<FlagStore>();
string role = builder.Configuration["ROLE"] ?? "writer";
string backend = builder.Configuration["STORE_TYPE"] ?? builder.Configuration["STORE_BACKEND"] ?? "memory";
Console.WriteLine($"{role}: STORE_TYPE={backend}, {store.Count} flags at startup");

if (role == "watcher")
{
    using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(builder.Configuration.GetValue("WATCH_SECONDS", 60)));
    Console.WriteLine("watcher: ready");
    await foreach (var set in store.WatchAsync(store.Version, deadline.Token))
    {
        foreach (var change in set.Changes)
        {
            Console.WriteLine($"watcher: {change.Kind,-7} {change.Item.Env}/{change.Item.Key} enabled={change.Item.Enabled} rollout={change.Item.Rollout}");
        }
        // Done once this set brings ops/writer-done. Not the store itself: it may already hold changes applied after this
        // set was read, which the next sets bring (and would go unprinted).
        if (set.Changes.Any(change => change.Kind is ChangeKind.Added or ChangeKind.Updated && IsWriterDone(change.Item)) || set.Items.Any(IsWriterDone))
        {
            break;
        }
    }
    Console.WriteLine($"watcher: prod flags now: {string.Join(", ", flags.GetAllFlags("prod").Select(f => $"{f.Key}({f.Rollout}%)"))}");
}
else
{
    await flags.UpsertFlag("prod", "new-checkout", "The new checkout flow", enabled: true, rollout: 10);
    await flags.UpsertFlag("prod", "dark-mode", "Dark theme", enabled: false, rollout: 0);
    await flags.UpsertFlag("staging", "new-checkout", "The new checkout flow", enabled: true, rollout: 100);
    await flags.UpsertFlag("prod", "new-checkout", "The new checkout flow", enabled: true, rollout: 50, expression: "country == 'NL'");
    await flags.DeleteFlag("dark-mode", "prod");
    Console.WriteLine($"writer: prod flags: {string.Join(", ", flags.GetAllFlags("prod").Select(f => $"{f.Key}({f.Rollout}%)"))}");
    Console.WriteLine($"writer: staging flags: {string.Join(", ", flags.GetAllFlags("staging").Select(f => $"{f.Key}({f.Rollout}%)"))}");
    Console.WriteLine($"writer: GetFlagByKey(new-checkout) = {flags.GetFlagByKey("new-checkout")?.Env}/{flags.GetFlagByKey("new-checkout")?.Rollout}%");
    await flags.UpsertFlag("ops", "writer-done", "Set last by the sample's writer", enabled: true, rollout: 100);
}
await host.StopAsync();

static bool IsWriterDone(Flag flag) => flag is { Env: "ops", Key: "writer-done" };
