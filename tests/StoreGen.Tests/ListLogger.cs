using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace StoreGen.Tests;

/// <summary>Collects log entries so tests can assert what was logged (the Testing packages are not available here).</summary>
internal sealed class ListLogger : ILoggerProvider, ILogger
{
    private readonly ConcurrentQueue<(string Fragment, TaskCompletionSource<(LogLevel Level, string Message, Exception? Error)> Seen)> _awaited = new();

    public ConcurrentQueue<(LogLevel Level, string Message, Exception? Error)> Entries { get; } = new();

    public bool Has(LogLevel level, string fragment) =>
        Entries.Any(e => e.Level == level && e.Message.Contains(fragment, StringComparison.Ordinal));

    /// <summary>Completes with the first entry holding <paramref name="fragment"/>, logged before or after the call.</summary>
    public Task<(LogLevel Level, string Message, Exception? Error)> Logged(string fragment)
    {
        var seen = new TaskCompletionSource<(LogLevel Level, string Message, Exception? Error)>(TaskCreationOptions.RunContinuationsAsynchronously);
        _awaited.Enqueue((fragment, seen));
        Signal();
        return seen.Task;
    }

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        Entries.Enqueue((logLevel, formatter(state, exception), exception));
        Signal();
    }

    private void Signal()
    {
        foreach (var (fragment, seen) in _awaited)
        {
            if (Entries.FirstOrDefault(e => e.Message.Contains(fragment, StringComparison.Ordinal)) is { Message: not null } entry)
            {
                seen.TrySetResult(entry);
            }
        }
    }

    public void Dispose()
    {
    }
}
