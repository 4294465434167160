using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace StoreGen.Redis.Tests;

/// <summary>
/// The Lua scripts called directly with nil, false and empty-string arguments: in Lua an empty string is true and a
/// missing key reads as false, so a script that tests arguments by truthiness reports false conflicts or sets bogus expiries.
/// </summary>
public sealed class ScriptTests : IAsyncLifetime
{
    private readonly RedisServer _redis = RedisServer.Shared();
    private ConnectionMultiplexer _connection = null!;
    private RedisKeys _keys = null!;

    private IDatabase Db => _connection.GetDatabase();

    public async Task InitializeAsync()
    {
        _connection = await _redis.ConnectAsync();
        _keys = new RedisKeys(_redis.Namespace, "Edge");
    }

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _redis.DisposeAsync();
    }

    /// <summary>Runs the write script for one row; a null argument is left out, so the script reads it as nil.</summary>
    private async Task<RedisResult[]> WriteAsync(RedisValue epoch, string member, RedisValue deleted, RedisValue payload, RedisValue expiry)
    {
        var args = new RedisValue[] { epoch, RedisValue.EmptyString, "PUBLISH", "origin", member, deleted, payload, expiry };
        int count = Array.FindIndex(args, arg => arg.IsNull);
        return (RedisResult[])(await Db.ScriptEvaluateAsync(RedisScripts.Write,
            [_keys.Sequence, _keys.Log, _keys.Expiry, _keys.Dead, _keys.Epoch, _keys.Item(member)],
            count < 0 ? args : args[..count]))!;
    }

    public static TheoryData<string> EmptyKinds => new() { "nil", "false", "empty" };

    private static RedisValue Empty(string kind) => kind switch { "nil" => RedisValue.Null, "false" => (RedisValue)false, _ => RedisValue.EmptyString };

    [Theory]
    [MemberData(nameof(EmptyKinds))]
    public async Task A_nil_false_or_empty_epoch_argument_never_matches_a_missing_epoch(string kind)
    {
        var result = await WriteAsync(Empty(kind), "m", "0", "{}", RedisValue.EmptyString);   // nil: no arguments at all
        Assert.Equal(0, (int)result[0]);
        Assert.False(await Db.KeyExistsAsync(_keys.Sequence), "nothing was written");
        Assert.False(await Db.KeyExistsAsync(_keys.Item("m")));
    }

    [Theory]
    [MemberData(nameof(EmptyKinds))]
    public async Task Nil_false_or_empty_delete_and_expiry_arguments_write_a_live_item_that_never_expires(string kind)
    {
        await Db.StringSetAsync(_keys.Epoch, "e1");
        await Db.StringSetAsync(_keys.Item("m"), "not a hash");   // whatever was there is replaced
        // nil: the row's delete flag, payload and expiry are all missing
        var result = await WriteAsync("e1", "m", Empty(kind), kind == "nil" ? RedisValue.Null : RedisValue.EmptyString, kind == "false" ? RedisValue.EmptyString : Empty(kind));
        Assert.Equal(1, (int)result[0]);
        Assert.Equal(1, (long)result[1]);
        Assert.Equal("0", await Db.HashGetAsync(_keys.Item("m"), "d"));
        Assert.Equal("", await Db.HashGetAsync(_keys.Item("m"), "p"));
        Assert.False(await Db.HashExistsAsync(_keys.Item("m"), "x"));
        Assert.Null(await Db.KeyTimeToLiveAsync(_keys.Item("m")));
        Assert.Null(await Db.SortedSetScoreAsync(_keys.Expiry, "m"));
        Assert.Equal(1, await Db.SortedSetScoreAsync(_keys.Log, "m"));
        Assert.Null(await Db.SortedSetScoreAsync(_keys.Dead, "m"));
    }

    [Fact]
    public async Task A_matching_epoch_is_not_a_conflict_and_a_different_one_is()
    {
        await Db.StringSetAsync(_keys.Epoch, "e1");
        Assert.Equal(1, (int)(await WriteAsync("e1", "m", "1", "{}", RedisValue.Null))[0]);
        Assert.Equal("1", await Db.HashGetAsync(_keys.Item("m"), "d"));
        Assert.Equal(1, await Db.SortedSetScoreAsync(_keys.Dead, "m"));
        var conflict = await WriteAsync("e2", "m", "0", "{}", RedisValue.Null);
        Assert.Equal(0, (int)conflict[0]);
        Assert.Equal("e1", (string?)conflict[1]);
        Assert.Equal(1, (long)await Db.StringGetAsync(_keys.Sequence));
    }

    [Fact]
    public async Task The_read_and_sweep_scripts_handle_a_store_with_no_keys()
    {
        var read = (RedisResult[])(await Db.ScriptEvaluateAsync(RedisScripts.Read, [_keys.Sequence, _keys.Log, _keys.Epoch, _keys.Horizon], [0, 10, _keys.ItemPrefix]))!;
        Assert.Equal(new[] { "0", "", "0" }, Array.ConvertAll(read, r => r.ToString()));
        var sweep = (RedisResult[])(await Db.ScriptEvaluateAsync(RedisScripts.Sweep, [_keys.Sequence, _keys.Log, _keys.Expiry, _keys.Dead, _keys.Horizon],
            [DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 10, _keys.ItemPrefix, RedisValue.EmptyString, 0, "PUBLISH"]))!;
        Assert.Equal(new[] { 0, 0 }, Array.ConvertAll(sweep, r => (int)r));
        Assert.Empty(await _redis.KeysAsync());
    }

    /// <summary>Runs the conditional write script for one row; a null argument and those after it are left out (nil in the script).</summary>
    private async Task<RedisResult[]> WriteIfVersionAsync(RedisValue epoch, string member, RedisValue deleted, RedisValue payload, RedisValue expiry, RedisValue expected)
    {
        var args = new RedisValue[] { epoch, RedisValue.EmptyString, expected, member, deleted, payload, expiry };
        int count = Array.FindIndex(args, arg => arg.IsNull);
        return (RedisResult[])(await Db.ScriptEvaluateAsync(RedisScripts.WriteIfVersion,
            [_keys.Sequence, _keys.Log, _keys.Expiry, _keys.Dead, _keys.Epoch, _keys.Item(member)],
            count < 0 ? args : args[..count]))!;
    }

    [Theory]
    [MemberData(nameof(EmptyKinds))]
    public async Task A_nil_false_or_empty_epoch_never_lets_a_conditional_write_through(string kind)
    {
        var result = await WriteIfVersionAsync(Empty(kind), "m", "0", "{}", RedisValue.EmptyString, 0);
        Assert.Equal(0, (int)result[0]);
        Assert.Empty(await _redis.KeysAsync());
    }

    [Theory]
    [InlineData("nil")]
    [InlineData("empty")]
    [InlineData("text")]
    public async Task An_expected_version_that_is_not_a_number_is_an_error_and_writes_nothing(string kind)
    {
        await Db.StringSetAsync(_keys.Epoch, "e1");
        var error = await Assert.ThrowsAsync<RedisServerException>(() =>
            WriteIfVersionAsync("e1", "m", "0", "{}", RedisValue.EmptyString, kind switch { "nil" => RedisValue.Null, "empty" => RedisValue.EmptyString, _ => "five" }));
        Assert.Contains("StoreGen: the expected version is not a number", error.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { _keys.Epoch.ToString() }, await _redis.KeysAsync());
    }

    [Fact]
    public async Task A_false_expected_version_is_zero_and_means_absent()
    {
        await Db.StringSetAsync(_keys.Epoch, "e1");
        var result = await WriteIfVersionAsync("e1", "m", "0", "{\"a\":1}", RedisValue.EmptyString, false);
        Assert.Equal(new[] { 1L, 1L }, new[] { (long)result[0], (long)result[1] });
        Assert.Equal("{\"a\":1}", (string?)result[2]);
    }

    [Theory]
    [MemberData(nameof(EmptyKinds))]
    public async Task A_missing_hash_or_a_tombstone_has_version_zero_and_nil_false_or_empty_row_arguments_write_a_live_item(string kind)
    {
        await Db.StringSetAsync(_keys.Epoch, "e1");
        var conflict = await WriteIfVersionAsync("e1", "m", "0", "{}", RedisValue.EmptyString, 3);
        Assert.Equal(new[] { 2L, 0L }, new[] { (long)conflict[0], (long)conflict[1] });
        Assert.False(await Db.KeyExistsAsync(_keys.Sequence), "a conflict takes no sequence number");
        await Db.HashSetAsync(_keys.Item("m"), [new("p", "{}"), new("v", 7), new("d", "1")]);   // a tombstone
        var written = await WriteIfVersionAsync("e1", "m", Empty(kind), kind == "nil" ? RedisValue.Null : RedisValue.EmptyString, kind == "false" ? RedisValue.EmptyString : Empty(kind), 0);
        Assert.Equal(1, (int)written[0]);
        Assert.Equal(1, (long)written[1]);
        Assert.Equal("0", await Db.HashGetAsync(_keys.Item("m"), "d"));
        Assert.False(await Db.HashExistsAsync(_keys.Item("m"), "x"));
        Assert.Null(await Db.KeyTimeToLiveAsync(_keys.Item("m")));
        Assert.Equal(1, await Db.SortedSetScoreAsync(_keys.Log, "m"));
    }

    [Fact]
    public async Task A_conditional_delete_compares_the_version_and_keeps_the_stored_payload()
    {
        await Db.StringSetAsync(_keys.Epoch, "e1");
        await Db.StringSetAsync(_keys.Sequence, 4);
        await Db.HashSetAsync(_keys.Item("m"), [new("p", "{\"stored\":true}"), new("v", 4), new("d", "0")]);
        var wrong = await WriteIfVersionAsync("e1", "m", "1", RedisValue.EmptyString, RedisValue.EmptyString, 3);
        Assert.Equal(new[] { 2L, 4L }, new[] { (long)wrong[0], (long)wrong[1] });
        var removed = await WriteIfVersionAsync("e1", "m", "1", RedisValue.EmptyString, RedisValue.EmptyString, 4);
        Assert.Equal(new[] { 1L, 5L }, new[] { (long)removed[0], (long)removed[1] });
        Assert.Equal("{\"stored\":true}", (string?)removed[2]);
        Assert.Equal("1", await Db.HashGetAsync(_keys.Item("m"), "d"));
        Assert.Equal("{\"stored\":true}", await Db.HashGetAsync(_keys.Item("m"), "p"));
        Assert.Equal(5, await Db.SortedSetScoreAsync(_keys.Dead, "m"));
    }

    /// <summary>Runs the limited write script: rows of (member, deleted) with empty payloads, the limit last.</summary>
    private async Task<long[]> WriteLimitedAsync(int max, params (string Member, string Deleted)[] rows)
    {
        var keys = new List<RedisKey> { _keys.Sequence, _keys.Log, _keys.Expiry, _keys.Dead, _keys.Epoch };
        var args = new List<RedisValue> { "e1", RedisValue.EmptyString, "PUBLISH", "origin" };
        foreach (var (member, deleted) in rows)
        {
            keys.Add(_keys.Item(member));
            args.AddRange([member, deleted, "{}", RedisValue.EmptyString]);
        }
        args.Add(max);
        return Array.ConvertAll((RedisResult[])(await Db.ScriptEvaluateAsync(RedisScripts.WriteLimited, keys.ToArray(), args.ToArray()))!, r => (long)r);
    }

    [Fact]
    public async Task The_limited_write_refuses_only_batches_that_add_items_beyond_the_limit()
    {
        await Db.StringSetAsync(_keys.Epoch, "e1");
        Assert.Equal(new long[] { 1, 1 }, await WriteLimitedAsync(2, ("a", "0"), ("b", "0")));
        Assert.Equal(new long[] { 2, 2, 2 }, await WriteLimitedAsync(2, ("a", "0"), ("c", "0"), ("d", "1")));   // count 2, row 2 adds
        Assert.False(await Db.KeyExistsAsync(_keys.Item("c")), "nothing of a refused batch is written");
        Assert.Equal(new long[] { 1, 2 }, await WriteLimitedAsync(2, ("a", "0"), ("b", "0")));       // updates at the limit
        Assert.Equal(new long[] { 1, 3 }, await WriteLimitedAsync(2, ("b", "1"), ("c", "0")));       // a delete makes room
        Assert.Equal(new long[] { 2, 2, 1 }, await WriteLimitedAsync(2, ("b", "0")));                // a tombstone's key is new again
        Assert.Equal(new long[] { 1, 4 }, await WriteLimitedAsync(0, ("a", "1")));                   // deletes pass any limit
    }
}
