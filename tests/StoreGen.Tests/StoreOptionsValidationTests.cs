using System;
using System.Linq;
using Xunit;

namespace StoreGen.Tests;

/// <summary>Options that cannot work fail when the store is created, naming the option and its allowed range.</summary>
public sealed class StoreOptionsValidationTests
{
    public static TheoryData<Func<StoreOptions>, string, string> Impossible => new()
    {
        { () => new StoreOptions { MaxCount = -1 }, "MaxCount", "StoreOptions.MaxCount of IngressStore must be at least 0, or null for no limit" },
        { () => new StoreOptions { MaxCount = 0, Overflow = OverflowPolicy.EvictOldest }, "MaxCount", "must be at least 1 with Overflow = EvictOldest" },
        { () => new StoreOptions { DefaultTimeToLive = TimeSpan.FromSeconds(-5) }, "DefaultTimeToLive", "StoreOptions.DefaultTimeToLive of IngressStore must be positive" },
        { () => new StoreOptions { DefaultTimeToLive = TimeSpan.Zero }, "DefaultTimeToLive", "must be positive, or null for no expiry" },
        { () => new StoreOptions { SweepInterval = TimeSpan.Zero }, "SweepInterval", "must be positive" },
        { () => new StoreOptions { InitialCapacity = -3 }, "InitialCapacity", "StoreOptions.InitialCapacity of IngressStore must be from 0 to " },
        { () => new StoreOptions { InitialCapacity = int.MaxValue }, "InitialCapacity", "must be from 0 to " },
        { () => new StoreOptions { ChangeFeedCapacity = -1 }, "ChangeFeedCapacity", "must be from 0 to " },
        { () => new StoreOptions { ChangeFeedCapacity = Array.MaxLength }, "ChangeFeedCapacity", "more than this process can allocate" },
    };

    [Theory]
    [MemberData(nameof(Impossible))]
    public void Impossible_options_fail_at_construction_naming_the_option(Func<StoreOptions> options, string option, string message)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new IngressStore(options()));
        Assert.Equal(option, error.ParamName);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_clock_fails_at_construction_naming_the_option()
    {
        var error = Assert.Throws<ArgumentNullException>(() => new IngressStore(new StoreOptions { TimeProvider = null! }));
        Assert.Equal("TimeProvider", error.ParamName);
    }

    [Fact]
    public void Possible_edge_values_are_accepted()
    {
        using var none = new IngressStore(new StoreOptions { MaxCount = 0 });   // rejects every add, but is a valid choice
        using var noFeed = new IngressStore(new StoreOptions { ChangeFeedCapacity = 0, InitialCapacity = 0 });
        Assert.Throws<StoreException>(() => none.Upsert(Make.Ingress("ns", "a", uid: 1)));
    }

    [Fact]
    public void A_MaxCount_rejection_names_the_keys_it_concerned()
    {
        using var store = new IngressStore(new StoreOptions { MaxCount = 1 });
        store.Upsert(Make.Ingress("ns", "a", uid: 1));
        var one = Assert.Throws<StoreException>(() => store.Upsert(Make.Ingress("ns", "b", uid: 2)));
        Assert.StartsWith("IngressStore.Upsert [ns, b]: the store would hold 2 items, more than its MaxCount of 1", one.Message, StringComparison.Ordinal);

        var many = Assert.Throws<StoreException>(() => store.UpsertMany(Enumerable.Range(0, 12).Select(n => Make.Ingress("ns", $"m{n}", uid: 10 + n))));
        Assert.StartsWith("IngressStore.UpsertMany [[ns, m0], [ns, m1], ", many.Message, StringComparison.Ordinal);
        Assert.Contains("[ns, m9], and 2 more]: the store would hold 13 items", many.Message, StringComparison.Ordinal);
    }
}
