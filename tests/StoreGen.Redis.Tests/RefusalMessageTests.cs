using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace StoreGen.Redis.Tests;

/// <summary>What a transaction Redis refuses under MaxCount names: the store, the limit, and the keys it would add (ten at most).</summary>
public sealed class RefusalMessageTests
{
    private const int Max = 12;

    private static FlagStore LimitedStore() => new(new StoreOptions<Flag> { MaxCount = Max, Overflow = OverflowPolicy.Reject });

    [Theory]
    [InlineData(2)]
    [InlineData(10)]
    [InlineData(12)]
    public async Task A_refused_transaction_names_the_keys_it_would_add(int adds)
    {
        await using var redis = RedisServer.Shared();
        var full = LimitedStore();
        await redis.StartAsync(full);
        full.UpsertMany(Enumerable.Range(0, Max).Select(n => new Flag("f" + n, "prod", true, n, null)));
        await full.WhenDurableAsync();

        // Written before the backend loads: the store does not know Redis is full, Redis refuses the whole transaction.
        var late = LimitedStore();
        late.UpsertMany(Enumerable.Range(0, adds).Select(n => new Flag("new" + n, "prod", true, n, null)));
        var backend = await redis.StartAsync(late);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var error = await Assert.ThrowsAsync<StoreException>(() => late.WhenDurableAsync(timeout.Token));

        Assert.Equal(("FlagStore", "WriteBehind"), (error.StoreName, error.Operation));
        Assert.Contains($"holds {Max} items and the store's MaxCount is {Max}: Redis refused this transaction, which adds {adds} ", error.Reason, StringComparison.Ordinal);
        var named = Enumerable.Range(0, adds).Select(n => (object?)$"[new{n}, prod]").ToHashSet();
        if (adds > 10)
        {
            Assert.Equal(11, error.Keys.Count);
            Assert.Subset(named, error.Keys.Take(10).ToHashSet());
            Assert.Equal($"and {adds - 10} more", error.Keys[10]);
        }
        else
        {
            Assert.Equal(named, error.Keys.ToHashSet());
        }
        Assert.Equal(1, backend.Refusals);
        await Converge.UntilAsync(late, () => late.Count == Max, "the refused transaction was undone");
        Assert.Equal(Converge.Sorted(full), Converge.Sorted(late));
    }
}
