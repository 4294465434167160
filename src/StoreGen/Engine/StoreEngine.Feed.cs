using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace StoreGen.Engine;

// The change feed: a ring of recent changes read by cursor, and push subscriptions woken after each commit.
public sealed partial class StoreEngine<TKey, T, TShape>
{
    private readonly ChangeRing<T>? _ring;
    private ImmutableArray<Channel<bool>> _subscribers = ImmutableArray<Channel<bool>>.Empty;

    /// <summary>
    /// The changes after <paramref name="cursor"/> up to <paramref name="view"/>'s version, or a reset with every
    /// item of the view when the cursor is older than the retained window, newer than the store, or negative.
    /// </summary>
    public ChangeSet<T> ChangesSince(in StoreView<TKey, T> view, long cursor)
    {
        long version = view.Version;
        if (cursor == version)
        {
            return ChangeSet<T>.Empty(cursor);
        }
        if (cursor >= 0 && cursor < version && _ring?.Read(cursor, version) is { } changes)
        {
            return new ChangeSet<T>(cursor, version, changes, reset: false, Array.Empty<T>());
        }
        _metrics?.FeedReset();
        return new ChangeSet<T>(cursor, version, Array.Empty<Change<T>>(), reset: true, StoreReader<TKey, T, TShape>.ToArray(view));
    }

    /// <summary>
    /// The changes after <paramref name="cursor"/> collapsed to one entry per key (its last change), with a deleted
    /// flag for keys whose last change removed or expired the item; a reset lists every item of the view.
    /// </summary>
    public Delta<T> DeltaSince(in StoreView<TKey, T> view, long cursor)
    {
        var changes = ChangesSince(view, cursor);
        if (changes.Reset)
        {
            var all = new DeltaEntry<T>[changes.Items.Count];
            for (int n = 0; n < all.Length; n++)
            {
                all[n] = new DeltaEntry<T>(changes.Items[n], Deleted: false, changes.NextCursor);
            }
            return new Delta<T>(cursor, changes.NextCursor, reset: true, all);
        }
        var seen = new HashSet<TKey>(KeyComparer<TKey, T, TShape>.Instance);
        var latest = new List<DeltaEntry<T>>();
        for (int n = changes.Changes.Count - 1; n >= 0; n--)   // newest first: the first change seen per key is its last
        {
            var change = changes.Changes[n];
            if (seen.Add(TShape.KeyOf(change.Item)))
            {
                latest.Add(new DeltaEntry<T>(change.Item, change.Kind is ChangeKind.Removed or ChangeKind.Expired, change.Version));
            }
        }
        latest.Reverse();
        return new Delta<T>(cursor, changes.NextCursor, reset: false, latest);
    }

    /// <summary>
    /// Yields a change set each time the store changes after <paramref name="cursor"/>. Each set covers whole
    /// transactions; a subscriber that falls behind gets the changes it missed merged into one set, and one that
    /// falls behind the retained window gets a reset with every item. Writers never wait for subscribers: a wake-up
    /// is a non-blocking signal into a one-slot buffer, and the subscriber reads the changes itself.
    /// </summary>
    public async IAsyncEnumerable<ChangeSet<T>> WatchAsync(long cursor, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Stryker disable once Initializer,Boolean : TryWrite into a full one-slot channel fails alike in every full mode; SingleReader only lets the channel skip synchronization
        var signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
        {
            FullMode = BoundedChannelFullMode.DropWrite,
            SingleReader = true,
        });
        ImmutableInterlocked.Update(ref _subscribers, list => list.Add(signal));
        try
        {
            while (true)
            {
                var set = ChangesSince(View(), cursor);
                if (set.Reset || set.Changes.Count > 0)
                {
                    cursor = set.NextCursor;
                    yield return set;
                    // Stryker disable once Statement : without it the loop waits first; a wake-up for changes made meanwhile stays buffered, so nothing is missed
                    continue;
                }
                if (!await signal.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    yield break; // the store was disposed
                }
                signal.Reader.TryRead(out _);
            }
        }
        finally
        {
            // Stryker disable once Statement : unsubscribing frees a one-slot channel that nothing reads any more; no public member can observe it
            ImmutableInterlocked.Update(ref _subscribers, list => list.Remove(signal));
        }
    }

    private void NotifySubscribers()
    {
        foreach (var subscriber in _subscribers)
        {
            // Stryker disable once Boolean : the signal's value is never read, only its presence
            subscriber.Writer.TryWrite(true);
        }
    }

    private void CompleteSubscribers()
    {
        foreach (var subscriber in _subscribers)
        {
            subscriber.Writer.TryComplete();
        }
    }
}
