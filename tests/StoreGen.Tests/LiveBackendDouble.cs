using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using StoreGen.Live;

namespace StoreGen.Tests;

/// <summary>
/// A live backend kept in the test process (our own <see cref="ILiveBackend"/> contract, no database): it attaches a
/// link to every store and loads them when the test opens <see cref="Load"/>; writes stay queued until
/// <see cref="WriteQueuedAsync"/> acknowledges them. What the live backend's host and the health check do with a
/// backend, without a server that can be made slow or unreachable at the right moment.
/// </summary>
internal class LiveBackendDouble(int queueCapacity = 100_000, bool loadAtOnce = true) : ILiveBackend
{
    private readonly TaskCompletionSource _load = NewSignal(loadAtOnce);
    private readonly List<LiveLink> _links = new();

    public string Location => "double live backend";

    /// <summary>The links attached to the stores, in the order the host handed the stores.</summary>
    public IReadOnlyList<LiveLink> Links => _links;

    /// <summary>Completes when the host has called <see cref="StartAsync"/>.</summary>
    public TaskCompletionSource Started { get; } = NewSignal(false);

    /// <summary>Completes when a held start was cancelled.</summary>
    public TaskCompletionSource LoadCancelled { get; } = NewSignal(false);

    /// <summary>How many times the host's factory created it (<see cref="Created"/>).</summary>
    public int Creations { get; private set; }

    public int Stops { get; private set; }

    public int Disposals { get; private set; }

    /// <summary>Lets a start that was held (<c>loadAtOnce: false</c>) complete, or fail with <paramref name="error"/>.</summary>
    public void Load(Exception? error = null)
    {
        if (error is null)
        {
            _load.SetResult();
        }
        else
        {
            _load.SetException(error);
        }
    }

    /// <summary>Counts a creation by the host's factory and returns this backend.</summary>
    public LiveBackendDouble Created()
    {
        Creations++;
        return this;
    }

    public async Task StartAsync(IReadOnlyList<ILiveStore> stores, CancellationToken cancellationToken)
    {
        foreach (var store in stores)
        {
            _links.Add(store.AttachLive(new LiveLinkOptions { QueueCapacity = queueCapacity, Target = Location }));
        }
        Started.SetResult();
        try
        {
            await _load.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            LoadCancelled.SetResult();
            throw;
        }
    }

    /// <summary>Acknowledges everything queued on every link, as a backend that wrote it would.</summary>
    public async Task WriteQueuedAsync()
    {
        long committed = 0;
        foreach (var link in _links)
        {
            while (link.QueueDepth > 0)
            {
                var batch = await link.ReadLocalAsync(int.MaxValue, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
                link.Acknowledge(batch, ++committed);
            }
        }
    }

    public Task SyncAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Stops++;
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Disposals++;
        return ValueTask.CompletedTask;
    }

    private static TaskCompletionSource NewSignal(bool set)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (set)
        {
            signal.SetResult();
        }
        return signal;
    }
}

/// <summary>A <see cref="LiveBackendDouble"/> that also reports its status to the health check, as the test sets it.</summary>
internal sealed class StatusLiveBackendDouble(int queueCapacity = 100_000, bool loadAtOnce = true)
    : LiveBackendDouble(queueCapacity, loadAtOnce), ILiveBackendStatus
{
    public DateTimeOffset? LastSyncedAt { get; set; }

    public Exception? LastError { get; set; }

    /// <summary>What the next probes return: why the database cannot be reached, or null when it can.</summary>
    public Exception? Unreachable { get; set; }

    /// <summary>Set to hold the probes until it completes (a probe slower than the load).</summary>
    public Task? ProbeGate { get; set; }

    public int Probes { get; private set; }

    public async Task<Exception?> ProbeAsync(CancellationToken cancellationToken)
    {
        Probes++;
        if (ProbeGate is { } gate)
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        return Unreachable;
    }
}
