using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;
using StoreGen.Locks;

namespace StoreGen.Redis.Tests;

/// <summary>RedisLockProvider against real Redis: mutual exclusion under contention, fencing tokens, token-checked release and extend.</summary>
public sealed class LockTests : IAsyncLifetime
{
    private readonly RedisServer _redis = RedisServer.Shared();
    private readonly List<ConnectionMultiplexer> _connections = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
        await _redis.DisposeAsync();
    }

    private async Task<RedisLockProvider> ProviderAsync()
    {
        var connection = await _redis.ConnectAsync();
        _connections.Add(connection);
        return new RedisLockProvider(connection, _redis.Namespace);
    }

    /// <summary>Workers on three connections contend for one lock: never two inside at once, and fencing tokens grow in the order the lock was held.</summary>
    [Fact]
    public async Task Contending_workers_hold_the_lock_one_at_a_time_with_growing_fencing_tokens()
    {
        var providers = new[] { await ProviderAsync(), await ProviderAsync(), await ProviderAsync() };
        int inside = 0, overlaps = 0;
        var held = new List<long>();
        await Task.WhenAll(Enumerable.Range(0, 6).Select(worker => Task.Run(async () =>
        {
            var locks = providers[worker % providers.Length];
            int acquired = 0;
            for (int attempt = 0; attempt < 5_000 && acquired < 20; attempt++)
            {
                if (await locks.TryAcquireAsync("job:42", TimeSpan.FromSeconds(30)) is not { } lease)
                {
                    continue;
                }
                if (Interlocked.Increment(ref inside) != 1)
                {
                    Interlocked.Increment(ref overlaps);
                }
                lock (held)
                {
                    held.Add(lease.FencingToken);
                }
                Interlocked.Decrement(ref inside);
                Assert.True(await locks.ReleaseAsync(lease));
                acquired++;
            }
        })));
        Assert.Equal(0, overlaps);
        Assert.True(held.Count >= 6, "every worker got the lock at least once");
        Assert.Equal(held.OrderBy(t => t), held);   // recorded while held: the order of holding
        Assert.Equal(held.Count, held.Distinct().Count());
    }

    /// <summary>A lease lost to another holder can neither be released nor extended, and the new holder's token is higher.</summary>
    [Fact]
    public async Task A_lost_lease_cannot_release_or_extend_and_the_next_holder_fences_it_out()
    {
        var a = await ProviderAsync();
        var b = await ProviderAsync();
        var first = await a.TryAcquireAsync("alert:7", TimeSpan.FromSeconds(30));
        Assert.NotNull(first);
        Assert.Null(await b.TryAcquireAsync("alert:7", TimeSpan.FromSeconds(30)));
        await _connections[0].GetDatabase().KeyDeleteAsync("{" + _redis.Namespace + ":locks}:k:alert:7");   // as if it expired
        var second = await b.TryAcquireAsync("alert:7", TimeSpan.FromSeconds(30));
        Assert.NotNull(second);
        Assert.True(second.FencingToken > first!.FencingToken);
        Assert.False(await a.ReleaseAsync(first));
        Assert.Null(await a.ExtendAsync(first, TimeSpan.FromSeconds(30)));
        Assert.False(await a.ReleaseAsync(first with { Token = "" }));
        var extended = await b.ExtendAsync(second, TimeSpan.FromMinutes(5));
        Assert.NotNull(extended);
        var ttl = await _connections[0].GetDatabase().KeyTimeToLiveAsync("{" + _redis.Namespace + ":locks}:k:alert:7");
        Assert.True(ttl > TimeSpan.FromMinutes(4), $"the extension reached Redis ({ttl})");
        Assert.True(await b.ReleaseAsync(extended));
        Assert.NotNull(await a.TryAcquireAsync("alert:7", TimeSpan.FromSeconds(30)));
    }

    /// <summary>A lock expires in Redis by itself (PX): a holder that dies does not block the key forever.</summary>
    [Fact]
    public async Task A_lock_carries_its_time_to_live_in_redis()
    {
        var locks = await ProviderAsync();
        var lease = await locks.TryAcquireAsync("gc", TimeSpan.FromSeconds(20));
        Assert.NotNull(lease);
        var ttl = await _connections[0].GetDatabase().KeyTimeToLiveAsync("{" + _redis.Namespace + ":locks}:k:gc");
        Assert.InRange(ttl!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20));
    }
}
