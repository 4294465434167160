using System;

namespace StoreGen.Hosting;

/// <summary>Exponential backoff: the first delay after one failure, doubling with each further failure, up to the longest.</summary>
internal static class Backoff
{
    /// <summary>The delay before retrying after <paramref name="failures"/> failures in a row (at least 1).</summary>
    public static TimeSpan Delay(int failures, TimeSpan first, TimeSpan longest)
    {
        double factor = Math.Pow(2, Math.Min(failures - 1, 30));
        double ticks = Math.Min(first.Ticks * factor, longest.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }
}
