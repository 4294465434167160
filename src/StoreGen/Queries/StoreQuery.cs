using System;
using System.Collections.Generic;
using System.Linq;

namespace StoreGen;

/// <summary>
/// A filtered, ordered, paged read over one snapshot (the error-log store's ListErrors, done once, right). Conditions
/// combine with AND. Index conditions (the generated <c>WhereKey</c>/<c>Where{Index}</c> methods) are used to pick
/// the candidates: the most selective one (unique index or full key, then the longest key prefix, then a secondary
/// index) supplies them, and every other condition filters them — so a query on an index costs its matches, not
/// the store. Without an index condition the whole snapshot is scanned. Reads only: writers are never blocked.
/// Like LINQ, a query is immutable: <c>Where</c>, <c>OrderBy</c> and the index conditions return a new query and
/// leave the one they are called on unchanged, so a base query can be refined several ways.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
/// <typeparam name="TSelf">The generated query type, so chained calls keep its typed index methods.</typeparam>
public abstract class StoreQuery<T, TSelf>
    where TSelf : StoreQuery<T, TSelf>
{
    private readonly IEnumerable<T> _all;
    private Func<T, bool>[] _filters = Array.Empty<Func<T, bool>>();
    private Func<IReadOnlyList<T>>? _candidates;
    private Func<T, bool>? _candidateFilter;
    private int _candidateRank = int.MaxValue;
    private Func<IEnumerable<T>, IOrderedEnumerable<T>>? _order;

    /// <summary>A query over <paramref name="all"/>, a snapshot's items.</summary>
    protected StoreQuery(IEnumerable<T> all) => _all = all;

    private TSelf Self => (TSelf)this;

    /// <summary>A copy of this query (the generated fields are copied too) with one more filter, or none.</summary>
    private StoreQuery<T, TSelf> Copy(Func<T, bool>? filter = null)
    {
        var copy = (StoreQuery<T, TSelf>)MemberwiseClone();
        if (filter is not null)
        {
            copy._filters = [.. _filters, filter];
        }
        return copy;
    }

    /// <summary>Keeps items matching <paramref name="predicate"/> (not index-accelerated).</summary>
    public TSelf Where(Func<T, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return Copy(predicate).Self;
    }

    /// <summary>
    /// Keeps items where any of <paramref name="members"/> contains <paramref name="text"/>, ignoring case
    /// (ordinal, culture-independent). Null or empty text matches everything, as the error-log store's empty filter fields do.
    /// </summary>
    public TSelf Search(string? text, params Func<T, string?>[] members)
    {
        if (string.IsNullOrEmpty(text))
        {
            return Self;
        }
        if (members is null || members.Length == 0)
        {
            throw new ArgumentException("name at least one member to search", nameof(members));
        }
        return Where(item => members.Any(member => member(item)?.Contains(text, StringComparison.OrdinalIgnoreCase) == true));
    }

    /// <summary>Orders by <paramref name="key"/>, ascending; later calls order within ties.</summary>
    public TSelf OrderBy<TKey>(Func<T, TKey> key) => Order(key, descending: false);

    /// <summary>Orders by <paramref name="key"/>, descending (e.g. newest first); later calls order within ties.</summary>
    public TSelf OrderByDescending<TKey>(Func<T, TKey> key) => Order(key, descending: true);

    /// <summary>Every matching item, ordered.</summary>
    public IReadOnlyList<T> ToList() => Ordered().ToList();

    /// <summary>How many items match.</summary>
    public int Count() => Matching().Count();

    /// <summary>
    /// One page: skips <paramref name="offset"/> items and returns at most <paramref name="limit"/> (0: all), with
    /// the total count before paging. An offset past the end gives an empty page, never null.
    /// </summary>
    public Page<T> ToPage(int offset, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var matching = Matching().ToList();
        IEnumerable<T> ordered = _order is null ? matching : _order(matching);
        var items = ordered.Skip(offset);
        if (limit > 0)
        {
            items = items.Take(limit);
        }
        return new Page<T>(items.ToList(), matching.Count, offset, limit);
    }

    /// <summary>How many matching items have each value of <paramref name="key"/> (e.g. errors by namespace).</summary>
    public IReadOnlyDictionary<TKey, int> CountBy<TKey>(Func<T, TKey> key)
        where TKey : notnull =>
        Matching().GroupBy(key).ToDictionary(group => group.Key, group => group.Count());

    /// <summary>The smallest value of <paramref name="selector"/> among matching items; null if none match.</summary>
    public TValue? Min<TValue>(Func<T, TValue> selector)
        where TValue : struct =>
        Matching().Select(item => (TValue?)selector(item)).Min();

    /// <summary>The smallest non-null value of <paramref name="selector"/> among matching items; null if there is none.</summary>
    public TValue? Min<TValue>(Func<T, TValue?> selector)
        where TValue : struct =>
        Matching().Select(selector).Min();

    /// <summary>The largest value of <paramref name="selector"/> among matching items; null if none match.</summary>
    public TValue? Max<TValue>(Func<T, TValue> selector)
        where TValue : struct =>
        Matching().Select(item => (TValue?)selector(item)).Max();

    /// <summary>The largest non-null value of <paramref name="selector"/> among matching items; null if there is none.</summary>
    public TValue? Max<TValue>(Func<T, TValue?> selector)
        where TValue : struct =>
        Matching().Select(selector).Max();

    /// <summary>The smallest reference-typed value (e.g. a string) among matching items; null if none match.</summary>
    public TValue? MinOf<TValue>(Func<T, TValue?> selector)
        where TValue : class =>
        Matching().Select(selector).Min();

    /// <summary>The largest reference-typed value (e.g. a string) among matching items; null if none match.</summary>
    public TValue? MaxOf<TValue>(Func<T, TValue?> selector)
        where TValue : class =>
        Matching().Select(selector).Max();

    /// <summary>Rank of a condition with at most one candidate: the full key or a unique index.</summary>
    protected const int UniqueRank = 0;

    /// <summary>Rank of a key-prefix condition, less the number of key members it fixes (more members, fewer candidates).</summary>
    protected const int KeyPrefixRank = 100;

    /// <summary>Rank of a condition on a secondary index that is not unique.</summary>
    protected const int SecondaryIndexRank = 1000;

    /// <summary>
    /// For generated index conditions: <paramref name="candidates"/> lists exactly the items satisfying
    /// <paramref name="predicate"/>, found through an index. Lower <paramref name="rank"/> is more selective.
    /// </summary>
    protected TSelf WhereIndexed(Func<IReadOnlyList<T>> candidates, Func<T, bool> predicate, int rank)
    {
        if (rank >= _candidateRank)
        {
            return Copy(predicate).Self;
        }
        var copy = Copy(_candidateFilter); // the previous source, if any, becomes an ordinary condition
        copy._candidates = candidates;
        copy._candidateFilter = predicate;
        copy._candidateRank = rank;
        return copy.Self;
    }

    private TSelf Order<TKey>(Func<T, TKey> key, bool descending)
    {
        ArgumentNullException.ThrowIfNull(key);
        var previous = _order;
        var copy = Copy();
        copy._order = previous is null
            ? items => descending ? items.OrderByDescending(key) : items.OrderBy(key)
            : items => descending ? previous(items).ThenByDescending(key) : previous(items).ThenBy(key);
        return copy.Self;
    }

    private IEnumerable<T> Matching()
    {
        var source = _candidates is null ? _all : _candidates();
        var filters = _filters;
        return filters.Length == 0 ? source : source.Where(item => filters.All(filter => filter(item)));
    }

    private IEnumerable<T> Ordered() => _order is null ? Matching() : _order(Matching());
}
