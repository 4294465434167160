using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StoreGen.Hosting;

namespace StoreGen.Postgres.Tests;

/// <summary>
/// PostgreSQL down when a host starts: the restore policy decides (a private cluster, stopped before the host starts
/// and started later). <c>merge</c> serves at once and merges once loaded; <c>wait</c> loads before serving.
/// </summary>
public sealed class StartupPolicyTests
{
    private static readonly Flag Stored = new("stored", "prod", true, 1, "from the table");
    private static readonly Flag SharedInTable = new("shared", "prod", false, 2, "from the table");

    private static IHost Build(PrivateCluster cluster, Database db, string? policy)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["STORE_TYPE"] = "postgres",
            ["ConnectionStrings:Postgres"] = cluster.ConnectionString,
            ["POSTGRES_SCHEMA"] = db.Schema,
            ["STORE_RESTORE_POLICY"] = policy,
        });
        builder.Services.AddStoreGen().AddStore<FlagStore>().AddPostgres(options =>
        {
            options.RetryDelay = TimeSpan.FromMilliseconds(50);
            options.MaxRetryDelay = TimeSpan.FromMilliseconds(500);
            options.PollInterval = TimeSpan.FromSeconds(1);
        });
        return builder.Build();
    }

    /// <summary>A stopped private cluster holding two flags, a replica that wrote them and stays up, and the host under test.</summary>
    private sealed class Stopped : IAsyncDisposable
    {
        private Stopped(PrivateCluster cluster, Database db, FlagStore first, string? policy)
        {
            (Cluster, Db, First) = (cluster, db, first);
            Host = Build(cluster, db, policy);
        }

        public PrivateCluster Cluster { get; }

        public Database Db { get; }

        public FlagStore First { get; }

        public IHost Host { get; }

        public FlagStore Store => Host.Services.GetRequiredService<FlagStore>();

        public static async Task<Stopped> StartAsync(string? policy)
        {
            var cluster = await PrivateCluster.StartAsync();
            var db = new Database(cluster.ConnectionString);
            var first = new FlagStore();
            await db.StartAsync(first);
            first.UpsertMany(new[] { Stored, SharedInTable });
            await first.WhenDurableAsync();
            await cluster.StopServerAsync();
            return new Stopped(cluster, db, first, policy);
        }

        public async ValueTask DisposeAsync()
        {
            Host.Dispose();
            await Db.DisposeAsync();
            await Cluster.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(null)]            // merge is the default
    [InlineData("merge")]
    [InlineData("accept-loss")]   // nothing of a live table can be overwritten wholesale: the same as merge
    public async Task Merge_serves_at_once_and_merges_once_the_database_is_back(string? policy)
    {
        await using var stopped = await Stopped.StartAsync(policy);
        var (cluster, first, host) = (stopped.Cluster, stopped.First, stopped.Host);
        await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));   // serving though PostgreSQL is down
        var store = stopped.Store;
        Assert.Empty(store);                                           // nothing could be read
        var local = SharedInTable with { Enabled = true, Description = "written while the database was down" };
        store.UpsertMany(new[] { local, new Flag("local", "prod", true, 3, null) });

        await cluster.StartServerAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await store.WhenDurableAsync(deadline.Token);
        await Converge.UntilAsync(store, s => s.Get("stored", "prod") is not null, "the host's store has loaded the table");
        Assert.Equal(new[] { new Flag("local", "prod", true, 3, null), local, Stored }, Converge.Sorted(store));   // local wins on its key
        await Converge.UntilAsync(first, s => s.Get("shared", "prod") == local && s.Count == 3, "the other replica has the merged table");
        Assert.Equal(Stored, first.Get("stored", "prod"));                                                     // nothing else overwritten
        await host.StopAsync();
    }

    [Fact]
    public async Task Wait_loads_before_serving()
    {
        await using var stopped = await Stopped.StartAsync("wait");
        var (cluster, host) = (stopped.Cluster, stopped.Host);
        var starting = host.StartAsync();
        await cluster.StartServerAsync();
        await starting.WaitAsync(TimeSpan.FromSeconds(60));
        var store = stopped.Store;
        Assert.Equal(new[] { SharedInTable, Stored }, Converge.Sorted(store));   // loaded before StartAsync returned
        await host.StopAsync();
    }

    [Fact]
    public async Task Wait_fails_startup_naming_the_policy_when_the_database_stays_down()
    {
        await using var stopped = await Stopped.StartAsync("wait");
        var host = stopped.Host;
        using var startup = new CancellationTokenSource(TimeSpan.FromSeconds(3));   // the host's startup deadline
        var error = await Assert.ThrowsAsync<StoreException>(() => host.StartAsync(startup.Token));
        Assert.Equal("postgres", error.StoreName);
        Assert.Equal("Restore", error.Operation);
        Assert.Contains("could not load the stores before startup was cancelled, and the restore policy is wait (STORE_RESTORE_POLICY=wait)", error.Message, StringComparison.Ordinal);
        Assert.Contains("postgres 127.0.0.1:", error.Message, StringComparison.Ordinal);
        Assert.Empty(stopped.Store);
    }
}
