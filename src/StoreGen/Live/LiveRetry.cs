using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using StoreGen.Hosting;

namespace StoreGen.Live;

/// <summary>
/// A live backend's retries and last error. An operation that fails with an error the backend calls transient is
/// logged, kept as <see cref="LastError"/> and run again after a delay that starts at the first retry delay and
/// doubles up to the longest (<see cref="Backoff"/>, as the snapshot persistence's retries); its success clears the
/// last error. Any other error escapes to the caller.
/// </summary>
internal sealed class LiveRetry
{
    private readonly TimeSpan _first;
    private readonly TimeSpan _longest;
    private readonly Func<Exception, bool> _isTransient;
    private readonly ILogger _logger;
    private readonly string _location;
    private readonly Action? _failed;
    private volatile Exception? _lastError;

    /// <param name="first">The delay after the first failure.</param>
    /// <param name="longest">The longest delay.</param>
    /// <param name="isTransient">Which errors are worth retrying.</param>
    /// <param name="logger">Where failures are logged.</param>
    /// <param name="location">The backend's location, for messages.</param>
    /// <param name="failed">Called on every failure (e.g. to count it in a metric).</param>
    public LiveRetry(TimeSpan first, TimeSpan longest, Func<Exception, bool> isTransient, ILogger logger, string location, Action? failed = null)
    {
        _first = first;
        _longest = longest;
        _isTransient = isTransient;
        _logger = logger;
        _location = location;
        _failed = failed;
    }

    /// <summary>The last error met (null after none, or once the operation that met it succeeded).</summary>
    public Exception? LastError => _lastError;

    /// <summary>Records an error that is not retried here (it is still the backend's last error).</summary>
    public void Failed(Exception error)
    {
        _lastError = error;
        _failed?.Invoke();
    }

    /// <summary>Runs <paramref name="action"/> until it succeeds or fails with an error that is not transient.</summary>
    public Task RunAsync(string what, Func<CancellationToken, Task> action, CancellationToken cancellationToken) =>
        RunAsync(what, (_, ct) => action(ct), cancellationToken, _isTransient);

    /// <summary>
    /// Runs <paramref name="action"/> until it returns or fails with an error <paramref name="retryWhen"/> (by default
    /// the backend's transient errors) refuses. A long-running action calls the <see cref="Action"/> it is given after
    /// each success: the last error clears and the next failure waits the first delay again.
    /// </summary>
    public async Task RunAsync(string what, Func<Action, CancellationToken, Task> action, CancellationToken cancellationToken, Func<Exception, bool>? retryWhen = null)
    {
        retryWhen ??= _isTransient;
        int failures = 0;
        void Succeeded()
        {
            failures = 0;
            _lastError = null;
        }
        while (true)
        {
            try
            {
                await action(Succeeded, cancellationToken).ConfigureAwait(false);
                Succeeded();
                return;
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested && retryWhen(error))
            {
                var delay = Backoff.Delay(++failures, _first, _longest);
                Failed(error);
                _logger.LogWarning(error, "StoreGen: {What} on {Location} failed; retrying in {Delay}", what, _location, delay);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
