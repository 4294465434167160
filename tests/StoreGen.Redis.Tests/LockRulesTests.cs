using System;
using System.Threading.Tasks;
using StackExchange.Redis;
using StoreGen.Locks;

namespace StoreGen.Redis.Tests;

/// <summary>What RedisLockProvider refuses before it reaches Redis, and the expiry it reports on the provider's clock.</summary>
public sealed class LockRulesTests : IAsyncLifetime
{
    private readonly RedisServer _redis = RedisServer.Shared();
    private ConnectionMultiplexer _connection = null!;

    public async Task InitializeAsync() => _connection = await _redis.ConnectAsync();

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Theory]
    [InlineData("{ab")]
    [InlineData("a{b")]
    [InlineData("a}b")]
    public void A_namespace_that_would_break_the_hash_tag_is_refused_naming_it(string ns)
    {
        var error = Assert.Throws<ArgumentException>(() => new RedisLockProvider(_connection, ns));
        Assert.Equal("ns", error.ParamName);
        Assert.Contains($"the Redis namespace '{ns}' may not contain '{{' or '}}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_arguments_are_refused_naming_them_and_nothing_is_taken()
    {
        Assert.Equal("connection", Assert.Throws<ArgumentNullException>(() => new RedisLockProvider(null!)).ParamName);
        var locks = new RedisLockProvider(_connection, _redis.Namespace);
        Assert.Equal("key", (await Assert.ThrowsAsync<ArgumentNullException>(() => locks.TryAcquireAsync(null!, TimeSpan.FromSeconds(30)).AsTask())).ParamName);
        Assert.Equal("lease", (await Assert.ThrowsAsync<ArgumentNullException>(() => locks.ExtendAsync(null!, TimeSpan.FromSeconds(30)).AsTask())).ParamName);
        Assert.Equal("lease", (await Assert.ThrowsAsync<ArgumentNullException>(() => locks.ReleaseAsync(null!).AsTask())).ParamName);
        Assert.Empty(await _redis.KeysAsync());
    }

    [Fact]
    public async Task The_fencing_counter_is_kept_under_the_namespace_s_lock_tag()
    {
        var locks = new RedisLockProvider(_connection, _redis.Namespace);
        var first = await locks.TryAcquireAsync("a", TimeSpan.FromSeconds(30));
        var second = await locks.TryAcquireAsync("b", TimeSpan.FromSeconds(30));
        Assert.Equal(second!.FencingToken, first!.FencingToken + 1);
        Assert.Equal(second.FencingToken, (long)await _connection.GetDatabase().StringGetAsync("{" + _redis.Namespace + ":locks}:fence"));
    }

    [Fact]
    public void An_empty_namespace_is_refused()
    {
        Assert.Equal("ns", Assert.Throws<ArgumentException>(() => new RedisLockProvider(_connection, "")).ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task A_time_to_live_that_is_not_positive_is_refused_naming_the_lock_and_nothing_is_taken(int seconds)
    {
        var locks = new RedisLockProvider(_connection, _redis.Namespace);
        var acquire = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => locks.TryAcquireAsync("job:9", TimeSpan.FromSeconds(seconds)).AsTask());
        Assert.Equal("ttl", acquire.ParamName);
        Assert.Contains("lock 'job:9': the time to live must be positive", acquire.Message, StringComparison.Ordinal);
        Assert.False(await _connection.GetDatabase().KeyExistsAsync("{" + _redis.Namespace + ":locks}:k:job:9"));

        var lease = await locks.TryAcquireAsync("job:9", TimeSpan.FromSeconds(30));
        var extend = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => locks.ExtendAsync(lease!, TimeSpan.FromSeconds(seconds)).AsTask());
        Assert.Contains("lock 'job:9': the time to live must be positive", extend.Message, StringComparison.Ordinal);
        Assert.True(await locks.ReleaseAsync(lease!));   // the refused extension left the lease as it was
    }

    [Fact]
    public async Task A_lease_expires_a_time_to_live_after_the_provider_s_clock_on_acquire_and_on_extend()
    {
        var clock = new FixedClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var locks = new RedisLockProvider(_connection, _redis.Namespace, clock);
        var lease = await locks.TryAcquireAsync("report", TimeSpan.FromSeconds(30));
        Assert.Equal(clock.Now + TimeSpan.FromSeconds(30), lease!.ExpiresAt);

        clock.Now += TimeSpan.FromSeconds(10);
        var extended = await locks.ExtendAsync(lease, TimeSpan.FromMinutes(2));
        Assert.Equal(clock.Now + TimeSpan.FromMinutes(2), extended!.ExpiresAt);
        Assert.Equal((lease.Key, lease.Token, lease.FencingToken), (extended.Key, extended.Token, extended.FencingToken));
    }

    /// <summary>A clock that reads what the test set.</summary>
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
