using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StoreGen.Hosting;
using StoreGen.Persistence;
using Xunit;

namespace StoreGen.Tests;

/// <summary>
/// How the host starts, waits for, stops and disposes the live backend <c>STORE_BACKEND</c> names, under each restore
/// policy, with a backend kept in the test process (<see cref="LiveBackendDouble"/>).
/// </summary>
public sealed class LiveBackendHostTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly ListLogger _log = new();

    private Task<(LogLevel Level, string Message, Exception? Error)> LoggedAsync(string fragment) => _log.Logged(fragment).WaitAsync(Patience);

    /// <summary>A host started with a backend that does not answer its probe and has not loaded: startup completes without it.</summary>
    private async Task<(StatusLiveBackendDouble Backend, IHost Host)> StartedUnreachableAsync(string policy = "merge")
    {
        var backend = new StatusLiveBackendDouble(loadAtOnce: false) { Unreachable = new IOException("connection refused") };
        var host = LiveHosts.Build(backend, policy, _log);
        await host.StartAsync().WaitAsync(Patience);
        return (backend, host);
    }

    [Fact]
    public async Task Startup_waits_for_a_backend_that_cannot_say_whether_it_is_reachable_then_stop_and_dispose_reach_it_once()
    {
        var backend = new LiveBackendDouble(loadAtOnce: false);
        var host = LiveHosts.Build(backend, log: _log);
        var starting = host.StartAsync();
        await backend.Started.Task.WaitAsync(Patience);
        Assert.False(starting.IsCompleted, "startup waits while the backend loads");

        backend.Load();
        await starting.WaitAsync(Patience);
        Assert.Equal(["InvoiceStore", "IngressStore"], backend.Links.Select(link => link.StoreName));
        Assert.Same(backend.Links[0], ((Live.ILiveStore)host.Services.GetRequiredService<InvoiceStore>()).Live);
        Assert.True(_log.Has(LogLevel.Information, "The stores are loaded from double live backend"));
        Assert.Equal(1, backend.Creations);

        await host.StopAsync();
        Assert.Equal(1, backend.Stops);
        Assert.False(backend.LoadCancelled.Task.IsCompleted);
        host.Dispose();                                          // the host is registered as itself and as a hosted service
        Assert.Equal(1, backend.Disposals);
    }

    [Fact]
    public async Task A_service_provider_disposed_synchronously_disposes_the_live_backend()
    {
        var backend = new LiveBackendDouble();
        using var host = LiveHosts.Build(backend);
        await host.StartAsync().WaitAsync(Patience);
        Assert.Equal(1, backend.Creations);

        // A host disposes its services asynchronously; a plain service provider (an app without a host, a test) does not,
        // and throws for a service that can only be disposed asynchronously.
        ((IDisposable)host.Services).Dispose();

        Assert.Equal(1, backend.Disposals);
    }

    [Fact]
    public async Task Under_merge_a_reachable_backend_is_waited_for()
    {
        var backend = new StatusLiveBackendDouble(loadAtOnce: false);
        using var host = LiveHosts.Build(backend, log: _log);
        var starting = host.StartAsync();
        await backend.Started.Task.WaitAsync(Patience);
        Assert.False(starting.IsCompleted, "a backend that answers its probe is waited for");

        backend.Load();
        await starting.WaitAsync(Patience);
        Assert.Equal(1, backend.Probes);
        Assert.False(_log.Has(LogLevel.Warning, "Could not reach"));
        await host.StopAsync();
    }

    [Fact]
    public async Task Under_merge_an_unreachable_backend_lets_startup_complete_and_loads_in_the_background()
    {
        var (backend, host) = await StartedUnreachableAsync();
        using var disposed = host;

        var warning = await LoggedAsync("Could not reach double live backend at startup");
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.StartsWith("Could not reach double live backend at startup: connection refused. Serving from memory (restore policy Merge)", warning.Message, StringComparison.Ordinal);
        Assert.False(_log.Has(LogLevel.Information, "The stores are loaded"));

        backend.Load();
        Assert.Equal(LogLevel.Information, (await LoggedAsync("The stores are loaded from double live backend")).Level);
        Assert.False(backend.LoadCancelled.Task.IsCompleted);
        await host.StopAsync();
        Assert.Equal(1, backend.Stops);
    }

    [Fact]
    public async Task A_background_load_that_fails_is_logged_with_its_error()
    {
        var (backend, host) = await StartedUnreachableAsync("accept-loss");
        using var disposed = host;
        Assert.Contains("(restore policy AcceptLoss)", (await LoggedAsync("Could not reach")).Message, StringComparison.Ordinal);

        var failure = new InvalidOperationException("the schema is newer than this build");
        backend.Load(failure);
        var logged = await LoggedAsync("Loading the stores from double live backend failed");
        Assert.Equal(LogLevel.Error, logged.Level);
        Assert.Same(failure, logged.Error);
        Assert.False(_log.Has(LogLevel.Information, "The stores are loaded"));
        await host.StopAsync();
    }

    [Fact]
    public async Task Stopping_while_the_backend_still_loads_in_the_background_cancels_the_load()
    {
        var (backend, host) = await StartedUnreachableAsync();
        using var disposed = host;

        await host.StopAsync();
        await backend.LoadCancelled.Task.WaitAsync(Patience);
        Assert.Equal(1, backend.Stops);
        Assert.False(_log.Has(LogLevel.Error, "Loading the stores"), "a cancelled load is not a failure");
    }

    [Theory]
    [InlineData(true, ": connection refused <- no route to host")]
    [InlineData(false, "")]
    public async Task Under_wait_a_cancelled_startup_names_the_backend_the_policy_and_the_last_error(bool withError, string cause)
    {
        var backend = new StatusLiveBackendDouble(loadAtOnce: false)
        {
            LastError = withError ? new IOException("connection refused", new IOException("no route to host")) : null,
        };
        using var host = LiveHosts.Build(backend, policy: "wait", log: _log);
        using var startup = new CancellationTokenSource();
        var starting = host.StartAsync(startup.Token);
        await backend.Started.Task.WaitAsync(Patience);
        Assert.False(starting.IsCompleted);

        await startup.CancelAsync();
        var error = await Assert.ThrowsAsync<StoreException>(() => starting.WaitAsync(Patience));
        Assert.Equal("double", error.StoreName);
        Assert.Equal("Restore", error.Operation);
        Assert.Empty(error.Keys);
        Assert.Equal("double live backend could not load the stores before startup was cancelled, and the restore policy is wait (STORE_RESTORE_POLICY=wait)" + cause, error.Reason);
        Assert.IsAssignableFrom<OperationCanceledException>(error.InnerException);
        Assert.True(backend.LoadCancelled.Task.IsCompleted, "under wait the load runs on the startup token");
        Assert.Equal(0, backend.Probes);
    }

    [Fact]
    public async Task Under_merge_a_cancelled_startup_while_loading_a_reachable_backend_is_a_plain_cancellation()
    {
        var backend = new StatusLiveBackendDouble(loadAtOnce: false);
        using var host = LiveHosts.Build(backend, log: _log);
        using var startup = new CancellationTokenSource();
        var starting = host.StartAsync(startup.Token);
        await backend.Started.Task.WaitAsync(Patience);

        await startup.CancelAsync();
        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => starting.WaitAsync(Patience));
        Assert.IsNotType<StoreException>(error);
    }

    [Fact]
    public async Task A_host_whose_backend_is_not_live_never_creates_stops_or_disposes_the_live_backend()
    {
        var backend = new LiveBackendDouble();
        var host = LiveHosts.Build(backend, backendName: "memory");
        await host.StartAsync().WaitAsync(Patience);
        Assert.Null(((Live.ILiveStore)host.Services.GetRequiredService<InvoiceStore>()).Live);
        await host.StopAsync();
        host.Dispose();
        Assert.Equal((0, 0, 0), (backend.Creations, backend.Stops, backend.Disposals));
    }

    [Fact]
    public async Task A_store_that_is_not_generated_is_refused_naming_it_and_the_backend()
    {
        var backend = new LiveBackendDouble();
        using var host = LiveHosts.Build(backend, extra: storegen => storegen.AddStore(_ => new HandWrittenStore()));
        var error = await Assert.ThrowsAsync<StoreGenConfigurationException>(() => host.StartAsync().WaitAsync(Patience));
        Assert.Equal("STORE_BACKEND", error.Setting);
        Assert.Equal("STORE_BACKEND: store 'HandWritten' cannot be kept by the live backend 'double' (it is not a generated store)", error.Message);
        Assert.False(backend.Started.Task.IsCompleted);
    }

    /// <summary>A persistable store written by hand: snapshots can keep it, a live backend cannot.</summary>
    private sealed class HandWrittenStore : IPersistableStore
    {
        public string StoreName => "HandWritten";

        public long Version => 0;

        public long WriteItems(System.Text.Json.Utf8JsonWriter writer) => throw new NotSupportedException();

        public PendingRestore ReadItems(ref System.Text.Json.Utf8JsonReader reader) => throw new NotSupportedException();
    }
}
