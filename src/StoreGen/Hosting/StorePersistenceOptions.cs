using System;
using StoreGen.Persistence;

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

    /// <summary>
    /// The setting <see cref="Backend"/> came from, as errors name it: <c>STORE_TYPE</c> when that is what was set
    /// (the feature-flag store's name for it), else <c>STORE_BACKEND</c>.
    /// </summary>
    public string BackendSetting { get; set; } = StoreGenSettings.BackendSetting;

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
    /// What happens when the snapshot cannot be restored at startup (<c>STORE_RESTORE_POLICY</c>: <c>wait</c>,
    /// <c>merge</c> or <c>accept-loss</c>). Default <see cref="RestorePolicy.Merge"/>.
    /// </summary>
    public RestorePolicy RestorePolicy { get; set; } = RestorePolicy.Merge;

    /// <summary>
    /// The largest snapshot document restored, in bytes, after inflating a gzipped one (<c>STORE_MAX_SNAPSHOT_BYTES</c>).
    /// A larger one fails the restore clearly instead of taking the process's memory. Default 1 GiB.
    /// </summary>
    public long MaxSnapshotBytes { get; set; } = SnapshotCompression.DefaultMaxBytes;

    /// <summary>
    /// The older name of <see cref="RestorePolicy.AcceptLoss"/> (<c>STORE_ACCEPT_DATA_LOSS</c>); still honoured:
    /// true means <c>STORE_RESTORE_POLICY=accept-loss</c>.
    /// </summary>
    public bool AcceptDataLoss { get; set; }

    /// <summary>
    /// The older name of <see cref="RestorePolicy.Wait"/> (<c>STORE_REQUIRE_RESTORE</c>); still honoured: true means
    /// <c>STORE_RESTORE_POLICY=wait</c>.
    /// </summary>
    public bool RequireRestore { get; set; }

    /// <summary>The policy in force: <see cref="RestorePolicy"/>, or what the older settings ask for; throws naming the settings if they disagree.</summary>
    public RestorePolicy EffectiveRestorePolicy =>
        (AcceptDataLoss, RequireRestore, RestorePolicy) switch
        {
            (true, true, _) => throw new StoreGenConfigurationException("STORE_ACCEPT_DATA_LOSS", "and STORE_REQUIRE_RESTORE are both set; set STORE_RESTORE_POLICY instead"),
            (true, false, RestorePolicy.Merge or RestorePolicy.AcceptLoss) => RestorePolicy.AcceptLoss,
            (false, true, RestorePolicy.Merge or RestorePolicy.Wait) => RestorePolicy.Wait,
            (false, false, var policy) => policy,
            _ => throw new StoreGenConfigurationException("STORE_RESTORE_POLICY", $"is {RestorePolicy} but an older setting (STORE_ACCEPT_DATA_LOSS or STORE_REQUIRE_RESTORE) asks otherwise; keep only STORE_RESTORE_POLICY"),
        };
}

/// <summary>What happens when the snapshot cannot be restored at startup (<c>STORE_RESTORE_POLICY</c>).</summary>
public enum RestorePolicy
{
    /// <summary>
    /// <c>merge</c> (the default): start serving at once. If the backend is unreachable, retry the restore in the
    /// background with backoff and, once it reads, merge (what the application wrote since startup wins, the rest
    /// comes from the snapshot) and persist normally. Until then persisting is blocked. A snapshot that was read but
    /// is corrupt is never merged into or overwritten: persisting stays blocked until data loss is accepted.
    /// </summary>
    Merge,

    /// <summary><c>wait</c>: restore before serving; startup fails if the snapshot cannot be read.</summary>
    Wait,

    /// <summary>
    /// <c>accept-loss</c>: start serving; if the snapshot cannot be read, start empty and let persisting overwrite it
    /// (whatever it held is lost).
    /// </summary>
    AcceptLoss,
}
