using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using StoreGen.Live;

namespace StoreGen.Testing;

/// <summary>A store's link with <see cref="LiveFaults"/> in the way of write-behind and remote applies.</summary>
internal sealed class FaultyLiveLink(LiveLink link, LiveFaults faults) : LiveLink
{
    public override string StoreName => link.StoreName;

    public override LiveKeySchema Schema => link.Schema;

    public override int QueueDepth => link.QueueDepth;

    public override int QueueCapacity => link.QueueCapacity;

    public override long LastLocalVersion => link.LastLocalVersion;

    public override async ValueTask<LiveBatch> ReadLocalAsync(int maxRows, CancellationToken cancellationToken)
    {
        var batch = await link.ReadLocalAsync(maxRows, cancellationToken).ConfigureAwait(false);
        await faults.WhenReleasedAsync(cancellationToken).ConfigureAwait(false);
        return new FaultyBatch(batch, this, faults);
    }

    public override void Acknowledge(LiveBatch batch, long committedVersion) => link.Acknowledge(((FaultyBatch)batch).Inner, committedVersion);

    public override void Reject(LiveBatch batch, StoreException reason) => link.Reject(((FaultyBatch)batch).Inner, reason);

    public override int ApplyRemote(IReadOnlyList<RemoteRow> rows, string source, long upToVersion)
    {
        faults.ApplyAttempt(StoreName);
        return link.ApplyRemote(rows, source, upToVersion);
    }

    public override int ReplaceFromRemote(IReadOnlyList<RemoteRow> rows, string source, long upToVersion) => link.ReplaceFromRemote(rows, source, upToVersion);

    public override Task WhenDurableAsync(long version, CancellationToken cancellationToken) => link.WhenDurableAsync(version, cancellationToken);

    /// <summary>A batch whose first key, read at the start of every commit attempt, may fail.</summary>
    private sealed class FaultyBatch(LiveBatch batch, LiveLink link, LiveFaults faults) : LiveBatch
    {
        public LiveBatch Inner => batch;

        public override int Count => batch.Count;

        public override long LastVersion => batch.LastVersion;

        public override int Changes => batch.Changes;

        public override bool IsDeleted(int row) => batch.IsDeleted(row);

        public override void WriteKey(int row, ILiveKeyWriter writer)
        {
            if (row == 0)
            {
                faults.CommitAttempt(link.StoreName);
            }
            batch.WriteKey(row, writer);
        }

        public override void WriteItem(int row, Utf8JsonWriter writer) => batch.WriteItem(row, writer);

        public override long ExpiresAt(int row) => batch.ExpiresAt(row);
    }
}
