using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Npgsql;
using StoreGen.Live;

namespace StoreGen.Postgres.Tests;

/// <summary>Errors PostgreSQL reports that are worth retrying: the write waits and lands, nothing is set aside.</summary>
public sealed class TransientErrorTests : DatabaseTests
{
    [Fact]
    public async Task A_write_that_times_out_on_a_lock_is_retried_not_set_aside_and_lands_once_the_lock_is_free()
    {
        var store = new FlagStore();
        var log = new WriteFailures();
        var options = new PostgresOptions
        {
            // Every statement of this replica gives up after 100 ms waiting for a lock (55P03, lock_not_available).
            ConnectionString = Db.ConnectionString + ";Options=-c lock_timeout=100",
            Schema = Db.Schema,
            RetryDelay = TimeSpan.FromMilliseconds(50),
            MaxRetryDelay = TimeSpan.FromMilliseconds(200),
        };
        var backend = new PostgresLiveBackend(options, LoggerFactory.Create(logging => logging.AddProvider(log)));
        Db.Backends.Add(backend);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await backend.StartAsync(new ILiveStore[] { store }, deadline.Token);

        // Hold the counter row's lock: the write-behind's bump waits on it and times out.
        await using var blocker = new NpgsqlConnection(Db.ConnectionString);
        await blocker.OpenAsync();
        await using var hold = await blocker.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand($"SELECT version FROM {Db.QuotedSchema}.storegen_versions WHERE store = 'FlagStore' FOR UPDATE", blocker, hold))
        {
            await lockRow.ExecuteScalarAsync();
        }
        store.Upsert(new Flag("waiting", "prod", true, 1, null));
        var failure = await log.First.WaitAsync(deadline.Token);
        Assert.Equal("55P03", Assert.IsType<PostgresException>(failure).SqlState);
        Assert.Equal(1, backend.QueueDepth);   // still queued, not set aside

        await hold.RollbackAsync();
        await store.WhenDurableAsync(deadline.Token);
        Assert.Null(backend.LastRefused);
        Assert.Equal(new Flag("waiting", "prod", true, 1, null), store.Get("waiting", "prod"));
        Assert.Equal(1L, await Db.ScalarAsync<long>($"SELECT count(*) FROM {Db.QuotedSchema}.\"storegen_FlagStore\" WHERE NOT sg_deleted"));
    }

    /// <summary>Completes with the first error the backend logs.</summary>
    private sealed class WriteFailures : ILoggerProvider, ILogger
    {
        private readonly TaskCompletionSource<Exception> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<Exception> First => _first.Task;

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (exception is not null)
            {
                _first.TrySetResult(exception);   // a retried write logs PostgreSQL's error; one set aside logs the refusal
            }
        }

        public void Dispose()
        {
        }
    }
}
