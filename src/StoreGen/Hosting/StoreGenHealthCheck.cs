using System;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StoreGen.Live;
using StoreGen.Persistence;

namespace StoreGen.Hosting;

/// <summary>
/// The health of the stores registered with <c>AddStoreGen</c> (register it with <c>AddStoreGen(…).AddHealthChecks()</c>
/// or <c>services.AddHealthChecks().AddStoreGen()</c>). Unhealthy when the stores were not restored (or loaded) and
/// nothing they hold is persisted, or a live backend's write-behind queue is full; degraded while a background restore
/// retries, after a failed persist, and with a live backend that is unreachable, lags or whose queue fills up; healthy
/// otherwise. The description names the cause in one sentence; the data carries the facts. See docs/health.md.
/// </summary>
public sealed class StoreGenHealthCheck : IHealthCheck
{
    private readonly StorePersistence _persistence;
    private readonly StoreGenRegistry _registry;
    private readonly LiveBackendHost? _live;
    private readonly StoreGenHealthCheckOptions _options;
    private readonly TimeProvider _clock;

    /// <summary>Creates the check for the stores <c>AddStoreGen</c> registered in <paramref name="services"/>.</summary>
    public StoreGenHealthCheck(IServiceProvider services, StoreGenHealthCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        _persistence = services.GetService<StorePersistence>()
            ?? throw new InvalidOperationException("The StoreGen health check needs AddStoreGen: call services.AddStoreGen() first");
        _registry = services.GetRequiredService<StoreGenRegistry>();
        _live = services.GetService<LiveBackendHost>();
        _options = options ?? new StoreGenHealthCheckOptions();
        _options.Validate();
        _clock = services.GetService<TimeProvider>() ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var findings = new HealthFindings();
        var options = _persistence.Options;
        findings.Fact("backend", options.Backend);
        string healthy;
        if (_registry.LiveBackends.ContainsKey(options.Backend))
        {
            healthy = await CheckLiveAsync(findings, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            healthy = CheckSnapshots(findings);
        }
        return findings.ToResult(context.Registration.FailureStatus, healthy);
    }

    /// <summary>The snapshot rules: the restore's outcome, blocked persistence, the last persist.</summary>
    private string CheckSnapshots(HealthFindings findings)
    {
        var policy = _persistence.Options.EffectiveRestorePolicy;
        var outcome = _persistence.Outcome;
        string location = _persistence.Location;
        findings.Fact("location", location);
        findings.Fact("outcome", outcome.ToString());
        findings.Fact("restorePolicy", policy.ToString());
        findings.Fact("blocked", _persistence.IsBlocked);
        findings.Fact("restoreError", _persistence.RestoreError is { } restoreError ? PersistenceLog.Cause(restoreError) : null);
        if (outcome == RestoreOutcome.NotRestored)
        {
            findings.Cause(HealthStatus.Unhealthy, $"the stores are not restored yet: the host has not started their persistence (backend {_persistence.Options.Backend})");
        }
        else if (outcome is RestoreOutcome.Failed or RestoreOutcome.Unreachable && policy == RestorePolicy.Wait)
        {
            findings.Cause(HealthStatus.Unhealthy, $"the stores are not restored from {location} and the restore policy is wait ({outcome}: {PersistenceLog.Cause(_persistence.RestoreError!)})");
        }
        else if (_persistence.IsBlocked && outcome == RestoreOutcome.Unreachable && policy == RestorePolicy.Merge)
        {
            findings.Cause(HealthStatus.Degraded, $"{location} is unreachable: persisting is blocked while the restore is retried in the background ({PersistenceLog.Cause(_persistence.RestoreError!)})");
        }
        else if (_persistence.IsBlocked)
        {
            findings.Cause(HealthStatus.Unhealthy, $"the snapshot at {location} could not be restored ({outcome}) and nothing is persisted until data loss is accepted");
        }
        CheckLastPersist(findings, location);
        return outcome switch
        {
            _ when location == StoreGenSettings.MemoryBackend => "The stores are kept in memory only (STORE_BACKEND=memory).",
            RestoreOutcome.Restored => $"The stores were restored from {location} and are persisted there.",
            RestoreOutcome.NoSnapshot => $"There was no snapshot at {location} yet; the stores are persisted there.",
            _ => $"The snapshot at {location} could not be read ({outcome}) and data loss was accepted; the stores are persisted there.",
        };
    }

    private void CheckLastPersist(HealthFindings findings, string location)
    {
        var last = _persistence.LastAttempt;
        findings.Fact("lastPersist", last is null ? "none" : !last.Succeeded ? "failed" : last.Written ? "written" : "unchanged");
        findings.Fact("failures", last?.ConsecutiveFailures ?? 0);
        findings.Fact("nextAttemptAt", last?.NextAttemptAt);
        if (last?.Error is { } error)
        {
            string next = last.NextAttemptAt is { } at ? "next attempt at " + at.ToString("O", CultureInfo.InvariantCulture) : "no retry scheduled";
            findings.Fact("lastPersistError", PersistenceLog.Cause(error));
            findings.Cause(HealthStatus.Degraded, $"the last persist to {location} failed ({last.ConsecutiveFailures} in a row, {next}): {PersistenceLog.Cause(error)}");
        }
    }

    /// <summary>The live rules: loaded, reachable, lag, and every store's write-behind queue.</summary>
    private async Task<string> CheckLiveAsync(HealthFindings findings, CancellationToken cancellationToken)
    {
        if (_live?.Running is not { } backend)
        {
            findings.Fact("outcome", RestoreOutcome.NotRestored.ToString());
            findings.Cause(HealthStatus.Unhealthy, $"the live backend '{_persistence.Options.Backend}' has not loaded the stores yet");
            return "";
        }
        findings.Fact("location", backend.Location);
        findings.Fact("outcome", RestoreOutcome.Restored.ToString());
        if (backend is ILiveBackendStatus status)
        {
            await CheckReachableAsync(findings, backend.Location, status, cancellationToken).ConfigureAwait(false);
        }
        CheckQueues(findings, backend.Location);
        return $"The stores are kept by {backend.Location}, in step and written behind.";
    }

    private async Task CheckReachableAsync(HealthFindings findings, string location, ILiveBackendStatus status, CancellationToken cancellationToken)
    {
        var unreachable = await status.ProbeAsync(cancellationToken).ConfigureAwait(false);
        findings.Fact("reachable", unreachable is null);
        findings.Fact("lastError", status.LastError is { } lastError ? PersistenceLog.Cause(lastError) : null);
        if (unreachable is not null)
        {
            findings.Cause(HealthStatus.Degraded, $"{location} is unreachable ({PersistenceLog.Cause(unreachable)}); writes are queued");
        }
        findings.Fact("lastSyncedAt", status.LastSyncedAt);
        if (status.LastSyncedAt is { } synced)
        {
            var lag = _clock.GetUtcNow() - synced;
            findings.Fact("lag", lag);
            if (lag > _options.MaxLag)
            {
                findings.Cause(HealthStatus.Degraded, string.Create(CultureInfo.InvariantCulture,
                    $"the stores last caught up with {location} {lag.TotalSeconds:0.###} s ago (more than {_options.MaxLag.TotalSeconds:0.###} s)"));
            }
        }
    }

    private void CheckQueues(HealthFindings findings, string location)
    {
        var links = _live!.Stores.Select(store => store.Live).OfType<LiveLink>().ToArray();
        findings.Fact("queueDepth", links.Sum(link => link.QueueDepth));
        foreach (var link in links)
        {
            int depth = link.QueueDepth;
            findings.Fact("queueDepth." + link.StoreName, depth);
            findings.Fact("queueCapacity." + link.StoreName, link.QueueCapacity);
            if (depth >= link.QueueCapacity)
            {
                findings.Cause(HealthStatus.Unhealthy, $"the write-behind queue of {link.StoreName} to {location} is full ({depth} of {link.QueueCapacity} changes); writes are rejected");
            }
            else if (depth > link.QueueCapacity * _options.QueueDegradedRatio)
            {
                findings.Cause(HealthStatus.Degraded, string.Create(CultureInfo.InvariantCulture,
                    $"the write-behind queue of {link.StoreName} to {location} holds {depth} of {link.QueueCapacity} changes (more than {_options.QueueDegradedRatio:P0})"));
            }
        }
    }
}
