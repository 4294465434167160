using System;
using Microsoft.Extensions.Time.Testing;

namespace StoreGen.Tests;

/// <summary>
/// The clock of time-dependent tests: a <see cref="FakeTimeProvider"/> that moves only when advanced, firing due
/// timers (the store's sweeper) inside <see cref="FakeTimeProvider.Advance"/>, so no test sleeps.
/// </summary>
internal static class TestClock
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static FakeTimeProvider New() => new(Start);
}
