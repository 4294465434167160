using System;
using System.Collections.Immutable;
using System.Linq;
using Xunit;

namespace StoreGen.Tests;

/// <summary>Items that use every member type the generated codec supports, and a content comparison for them.</summary>
internal static class EverythingSamples
{
    internal static Everything Sample(int n) => new(
        Make.Uid(n), $"text {n} \"quoted\" ünïcødé 🚀", null, n % 2 == 0, (byte)n, (sbyte)-n, (short)-n, (ushort)n, -n * 1000, (uint)n, long.MinValue + n, ulong.MaxValue - (ulong)n,
        1.5f * n, Math.PI * n, 12345.6789m * n, (Tier)(n % 3), n % 2 == 0 ? null : Tier.Pro,
        new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(n), new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)).AddTicks(n),
        TimeSpan.FromMilliseconds(n * 1234.5), new DateOnly(2026, 2, 28).AddDays(n), new TimeOnly(23, 59, 59).Add(TimeSpan.FromTicks(n)),
        n % 2 == 0 ? n : null, n % 3 == 0 ? null : DateTimeOffset.UnixEpoch.AddSeconds(n),
        new[] { "a", "b", n.ToString(System.Globalization.CultureInfo.InvariantCulture) }, ImmutableArray.Create(1L, -2L, n),
        new Tier?[] { Tier.Free, null, Tier.Enterprise },
        new System.Collections.Generic.Dictionary<string, int> { ["x"] = n, ["y"] = -n },
        ImmutableDictionary<string, DateTimeOffset>.Empty.Add("first", DateTimeOffset.UnixEpoch),
        new Address("Main St", ImmutableArray.Create("line 1", "line 2"), n % 2 == 0 ? null : n),
        new[] { new Address("Side St", ImmutableArray<string>.Empty, 1) });

    internal static void AssertSame(Everything expected, Everything actual)
    {
        // Records compare collections by reference; compare them by content here.
        Assert.Equal(expected with { Names = null!, Numbers = default, Tiers = null!, Counts = null!, Seen = null!, Home = null!, Others = null! },
            actual with { Names = null!, Numbers = default, Tiers = null!, Counts = null!, Seen = null!, Home = null!, Others = null! });
        Assert.Equal(expected.Names, actual.Names);
        Assert.Equal(expected.Numbers.ToArray(), actual.Numbers.ToArray());
        Assert.Equal(expected.Tiers, actual.Tiers);
        Assert.Equal(expected.Counts.OrderBy(p => p.Key), actual.Counts.OrderBy(p => p.Key));
        Assert.Equal(expected.Seen.OrderBy(p => p.Key), actual.Seen.OrderBy(p => p.Key));
        Assert.Equal(expected.Home with { Lines = default }, actual.Home with { Lines = default });
        Assert.Equal(expected.Home.Lines.ToArray(), actual.Home.Lines.ToArray());
        Assert.Equal(expected.Others.Count, actual.Others.Count);
    }
}
