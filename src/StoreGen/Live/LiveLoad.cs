using System.Collections.Generic;

namespace StoreGen.Live;

/// <summary>
/// A load (or a reset) of one store in progress: rows are handed over as they are read, decoded meanwhile, and
/// <see cref="Complete"/> makes the store hold exactly the live rows, as <see cref="LiveLink.ReplaceFromRemote"/> does.
/// A load that is never completed changes nothing. Not thread-safe: one reader adds the rows.
/// </summary>
public abstract class LiveLoad
{
    /// <summary>Adds one row read (in any order: <see cref="RemoteRow.Version"/> puts them in commit order).</summary>
    public abstract void Add(in RemoteRow row);

    /// <summary>
    /// Waits for the rows to be decoded and replaces the store's items with them in one transaction; returns how many
    /// changes it made. A row that cannot be read throws a <see cref="StoreException"/> naming it, and nothing is applied.
    /// </summary>
    public abstract int Complete(long upToVersion);
}

/// <summary>The plain load: collects the rows and replaces the store's items with them at the end.</summary>
internal sealed class CollectingLiveLoad(LiveLink link, string source) : LiveLoad
{
    private readonly List<RemoteRow> _rows = new();

    public override void Add(in RemoteRow row) => _rows.Add(row);

    public override int Complete(long upToVersion)
    {
        _rows.Sort(static (a, b) => a.Version.CompareTo(b.Version));
        return link.ReplaceFromRemote(_rows, source, upToVersion);
    }
}
