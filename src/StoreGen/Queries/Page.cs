using System.Collections.Generic;

namespace StoreGen;

/// <summary>One page of a query: the items, and how many matched before paging.</summary>
/// <param name="Items">The page (never null; empty past the end).</param>
/// <param name="Total">How many items matched all conditions, before offset and limit.</param>
/// <param name="Offset">Items skipped.</param>
/// <param name="Limit">Largest page asked for (0: all).</param>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total, int Offset, int Limit);
