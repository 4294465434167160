using System;

namespace StoreGen.Postgres;

/// <summary>Settings of the <c>postgres</c> live backend (<c>AddPostgres()</c>).</summary>
public sealed class PostgresOptions
{
    /// <summary>An Npgsql connection string (from <c>DATABASE_URL</c>, a <c>postgres://</c> URL, or <c>ConnectionStrings:Postgres</c>). Required.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The schema that holds StoreGen's tables (default <c>public</c>); created if missing.</summary>
    public string Schema { get; set; } = "public";

    /// <summary>How often each replica polls when no notification woke it (default 5 s): the fallback when a NOTIFY is lost.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Whether to LISTEN for notifications (default true). Without it a replica converges by polling alone, every
    /// <see cref="PollInterval"/> (for poolers that cannot LISTEN, such as PgBouncer in transaction mode).
    /// </summary>
    public bool Listen { get; set; } = true;

    /// <summary>
    /// How many versions of tombstones (deleted rows) are kept so pollers see deletes (default 100 000). Older ones are
    /// purged every <see cref="PurgeInterval"/>; a replica whose cursor falls below them reloads the store (a reset).
    /// </summary>
    public long TombstoneRetention { get; set; } = 100_000;

    /// <summary>How often tombstones beyond <see cref="TombstoneRetention"/> are purged (default 10 minutes).</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The most rows written in one transaction (default 5 000; a single larger store transaction is written whole).</summary>
    public int BatchSize { get; set; } = 5_000;

    /// <summary>The most local changes queued while PostgreSQL is slow or unreachable (default 100 000); beyond it writes are rejected.</summary>
    public int QueueCapacity { get; set; } = 100_000;

    /// <summary>The first delay before retrying after a failure (default 200 ms); doubles up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest delay between retries (default 10 s).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);
}
