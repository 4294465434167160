using System;
using System.Threading.Tasks;
using StoreGen.Locks;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace StoreGen.Tests;

public class LockTests
{
    private readonly FakeTimeProvider _clock = TestClock.New();

    [Fact]
    public async Task A_lock_is_held_until_released_or_expired_and_only_its_token_can_release_or_extend_it()
    {
        var locks = new MemoryLockProvider(_clock);
        var job = await locks.TryAcquireAsync("job:42", TimeSpan.FromSeconds(30));
        Assert.NotNull(job);
        Assert.Null(await locks.TryAcquireAsync("job:42", TimeSpan.FromSeconds(30)));
        Assert.NotNull(await locks.TryAcquireAsync("dedup:alert-7", TimeSpan.FromSeconds(30)));   // another key

        var impostor = job! with { Token = "not-the-holder" };
        Assert.False(await locks.ReleaseAsync(impostor));
        Assert.Null(await locks.ExtendAsync(impostor, TimeSpan.FromMinutes(1)));

        _clock.Advance(TimeSpan.FromSeconds(20));
        var extended = await locks.ExtendAsync(job, TimeSpan.FromSeconds(30));
        Assert.Equal(_clock.GetUtcNow().AddSeconds(30), extended!.ExpiresAt);
        _clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Null(await locks.TryAcquireAsync("job:42", TimeSpan.FromSeconds(30)));   // still held thanks to the extension

        Assert.True(await locks.ReleaseAsync(extended));
        var next = await locks.TryAcquireAsync("job:42", TimeSpan.FromSeconds(30));
        Assert.NotNull(next);
        Assert.True(next!.FencingToken > job.FencingToken);
        Assert.NotEqual(job.Token, next.Token);
    }

    [Fact]
    public async Task An_expired_lease_is_lost_to_its_holder_and_the_sweep_drops_expired_locks()
    {
        var locks = new MemoryLockProvider(_clock);
        var first = (await locks.TryAcquireAsync("job:1", TimeSpan.FromSeconds(10)))!;
        _clock.Advance(TimeSpan.FromSeconds(11));
        var second = (await locks.TryAcquireAsync("job:1", TimeSpan.FromSeconds(10)))!;
        Assert.False(await locks.ReleaseAsync(first));                 // cannot release someone else's lock
        Assert.Null(await locks.ExtendAsync(first, TimeSpan.FromSeconds(10)));
        Assert.True(await locks.ReleaseAsync(second));

        await locks.TryAcquireAsync("dedup:a", TimeSpan.FromSeconds(5));
        await locks.TryAcquireAsync("dedup:b", TimeSpan.FromSeconds(50));
        _clock.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(1, locks.Sweep());
        Assert.Equal(1, locks.Count);
    }

    [Fact]
    public async Task Bad_arguments_are_rejected()
    {
        var locks = new MemoryLockProvider(_clock);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await locks.TryAcquireAsync("k", TimeSpan.Zero));
        await Assert.ThrowsAsync<ArgumentException>(async () => await locks.TryAcquireAsync("", TimeSpan.FromSeconds(1)));
    }
}
