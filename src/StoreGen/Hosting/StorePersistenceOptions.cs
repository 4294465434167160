using System;

namespace StoreGen.Hosting;

/// <summary>
/// How the stores registered with <c>AddStoreGen</c> are persisted. Code sets defaults; configuration overrides them
/// (see <see cref="StoreGenSettings"/> for every setting's names), so a deployment picks the backend without a
/// code change.
/// </summary>
public sealed class StorePersistenceOptions
{
    /// <summary>
    /// Where snapshots go: <c>memory</c> (nothing persisted), <c>file</c> (the embedded default of the quick start),
    /// <c>s3</c> (with StoreGen.S3), or any name registered with <see cref="StoreGenBuilder.AddSnapshotBackend"/>.
    /// Set by <c>STORE_BACKEND</c> or <c>STORE_TYPE</c>. Default <c>memory</c>.
    /// </summary>
    public string Backend { get; set; } = StoreGenSettings.MemoryBackend;

    /// <summary>The snapshot file of the <c>file</c> backend (<c>STORE_FILE_PATH</c>). Default <c>data/storegen.json</c>.</summary>
    public string FilePath { get; set; } = "data/storegen.json";

    /// <summary>Gzip the file snapshot (<c>STORE_FILE_COMPRESS</c>). Reading detects either form.</summary>
    public bool Compress { get; set; }

    /// <summary>
    /// How often changed stores are persisted in the background (<c>STORE_PERSIST_INTERVAL</c>, a TimeSpan such as
    /// <c>00:00:30</c> or whole seconds such as <c>30</c>). Default 30 seconds. <see cref="TimeSpan.Zero"/> persists only
    /// on explicit <see cref="StorePersistence.PersistAsync"/> and at shutdown.
    /// </summary>
    public TimeSpan PersistInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The first delay before retrying a failed background persist (<c>STORE_RETRY_DELAY</c>). Doubles per failure. Default 1 second.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay between retries (<c>STORE_MAX_RETRY_DELAY</c>). Default 1 minute.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Let persisting overwrite a snapshot that exists but could not be restored (<c>STORE_ACCEPT_DATA_LOSS</c>).
    /// Off by default: after a failed restore the stores start empty and nothing is written until a restore succeeds.
    /// </summary>
    public bool AcceptDataLoss { get; set; }

    /// <summary>Fail startup (instead of starting empty with a warning) when the snapshot cannot be restored (<c>STORE_REQUIRE_RESTORE</c>).</summary>
    public bool RequireRestore { get; set; }
}
