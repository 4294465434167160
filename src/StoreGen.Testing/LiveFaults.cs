using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using StoreGen.Live;

namespace StoreGen.Testing;

/// <summary>
/// Faults injected between stores and any live backend, yours included: <see cref="Wrap"/> a store before handing it
/// to the backend, and the backend sees the faults where a database fault would show. The backend is not changed.
/// <list type="bullet">
/// <item><see cref="FailNextCommits(int)"/>: the next write-behind commits fail with an <see cref="IOException"/> before
/// anything is sent (as a lost connection would); the backend must retry and drop nothing.</item>
/// <item><see cref="FailNextApplies"/>: the next applies of remote changes (polls) fail with an
/// <see cref="IOException"/> before anything is applied; the backend must read them again.</item>
/// <item><see cref="HoldCommits"/> / <see cref="ReleaseCommits"/>: write-behind waits, so local writes stay queued
/// for as long as a test needs.</item>
/// </list>
/// </summary>
public sealed class LiveFaults
{
    private readonly Lock _gate = new();
    private int _commitFaults;
    private Func<string, Exception>? _commitFault;   // null: an IOException, as a lost connection would throw
    private int _applyFaults;
    private int _failedCommits;
    private int _failedApplies;
    private TaskCompletionSource _released = Released();

    /// <summary>How many commits failed by injection so far.</summary>
    public int FailedCommits => Volatile.Read(ref _failedCommits);

    /// <summary>How many remote applies failed by injection so far.</summary>
    public int FailedApplies => Volatile.Read(ref _failedApplies);

    /// <summary>The store as the backend should see it: every write-behind batch and remote apply passes through these faults.</summary>
    public ILiveStore Wrap(ILiveStore store) => new FaultyLiveStore(store ?? throw new ArgumentNullException(nameof(store)), this);

    /// <summary>Makes the next <paramref name="count"/> commit attempts (of any wrapped store) fail.</summary>
    public void FailNextCommits(int count)
    {
        Volatile.Write(ref _commitFault, null);
        Interlocked.Exchange(ref _commitFaults, count);
    }

    /// <summary>
    /// Makes the next <paramref name="count"/> commit attempts fail with the error <paramref name="fault"/> makes for a
    /// store's name — one the backend does not expect (neither a database error nor a lost connection, e.g. a bug in a
    /// codec): the backend must still retry, report it as its last error, and drop nothing.
    /// </summary>
    public void FailNextCommits(int count, Func<string, Exception> fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        Volatile.Write(ref _commitFault, fault);
        Interlocked.Exchange(ref _commitFaults, count);
    }

    /// <summary>Makes the next <paramref name="count"/> remote applies (of any wrapped store) fail.</summary>
    public void FailNextApplies(int count) => Interlocked.Exchange(ref _applyFaults, count);

    /// <summary>Write-behind hands the backend nothing until <see cref="ReleaseCommits"/>.</summary>
    public void HoldCommits()
    {
        lock (_gate)
        {
            if (_released.Task.IsCompleted)
            {
                _released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    /// <summary>Lets write-behind go on.</summary>
    public void ReleaseCommits()
    {
        lock (_gate)
        {
            _released.TrySetResult();
        }
    }

    internal Task WhenReleasedAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _released.Task.WaitAsync(cancellationToken);
        }
    }

    internal void CommitAttempt(string storeName)
    {
        if (Take(ref _commitFaults))
        {
            Interlocked.Increment(ref _failedCommits);
            throw Volatile.Read(ref _commitFault)?.Invoke(storeName) ?? new IOException($"injected fault: the commit of store '{storeName}' failed");
        }
    }

    internal void ApplyAttempt(string storeName)
    {
        if (Take(ref _applyFaults))
        {
            Interlocked.Increment(ref _failedApplies);
            throw new IOException($"injected fault: applying remote changes to store '{storeName}' failed");
        }
    }

    private static bool Take(ref int faults)
    {
        while (true)
        {
            int left = Volatile.Read(ref faults);
            if (left <= 0)
            {
                return false;
            }
            if (Interlocked.CompareExchange(ref faults, left - 1, left) == left)
            {
                return true;
            }
        }
    }

    private static TaskCompletionSource Released()
    {
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        released.SetResult();
        return released;
    }
}
