namespace StoreGen;

/// <summary>Options for a generated store.</summary>
public class StoreOptions
{
    /// <summary>Entries to allocate room for up front (rounded up to a power of two). 0 starts small and grows.</summary>
    public int InitialCapacity { get; set; }
}
