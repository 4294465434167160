namespace StoreGen.Engine;

/// <summary>How many changes of each kind one transaction applied (for metrics; empty when nothing changed).</summary>
internal struct TxCounts
{
    public int Added;
    public int Updated;
    public int Removed;
    public int Expired;

    public readonly bool IsEmpty => Added + Updated + Removed + Expired == 0;

    public void Add(ChangeKind kind)
    {
        switch (kind)
        {
            case ChangeKind.Added: Added++; break;
            case ChangeKind.Updated: Updated++; break;
            case ChangeKind.Removed: Removed++; break;
            default: Expired++; break;
        }
    }
}
