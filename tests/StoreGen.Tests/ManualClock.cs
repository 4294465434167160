using System;
using System.Collections.Generic;
using System.Threading;

namespace StoreGen.Tests;

/// <summary>
/// A <see cref="TimeProvider"/> that moves only when told to. Timers it creates fire synchronously inside
/// <see cref="Advance"/>, so tests of expiry and sweeping need no sleeps.
/// </summary>
internal sealed class ManualClock : TimeProvider
{
    private readonly List<ManualTimer> _timers = new();
    private DateTimeOffset _now;

    public ManualClock(DateTimeOffset? start = null) => _now = start ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow()
    {
        lock (_timers)
        {
            return _now;
        }
    }

    public void Advance(TimeSpan by)
    {
        List<ManualTimer> due;
        lock (_timers)
        {
            _now += by;
            due = _timers.FindAll(t => t.Due <= _now);
        }
        foreach (var timer in due)
        {
            timer.Fire(_now);
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state, period);
        lock (_timers)
        {
            timer.Due = _now + dueTime;
            _timers.Add(timer);
        }
        return timer;
    }

    private sealed class ManualTimer(ManualClock clock, TimerCallback callback, object? state, TimeSpan period) : ITimer
    {
        public DateTimeOffset Due { get; set; }

        public void Fire(DateTimeOffset now)
        {
            Due = period > TimeSpan.Zero ? now + period : DateTimeOffset.MaxValue;
            callback(state);
        }

        public bool Change(TimeSpan dueTime, TimeSpan newPeriod) => throw new NotSupportedException();

        public void Dispose()
        {
            lock (clock._timers)
            {
                clock._timers.Remove(this);
            }
        }

        public System.Threading.Tasks.ValueTask DisposeAsync()
        {
            Dispose();
            return default;
        }
    }
}
