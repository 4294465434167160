namespace StoreGen.Redis;

/// <summary>
/// The Lua scripts (run with EVALSHA; StackExchange.Redis loads them). Arguments are compared with explicit values,
/// never by truthiness: in Lua an empty string is true, and a missing key reads as <c>false</c>.
/// </summary>
internal static class RedisScripts
{
    /// <summary>Creates the epoch if missing and returns it. KEYS: epoch. ARGV: a new random epoch.</summary>
    public const string Epoch = """
        redis.call('SET', KEYS[1], ARGV[1], 'NX')
        return redis.call('GET', KEYS[1])
        """;

    /// <summary>
    /// Writes one batch atomically: checks the epoch, takes one sequence number, and per row sets the item's hash,
    /// its expiry (<c>PEXPIREAT</c> and the index), the change log and the tombstone set; then publishes the hint.
    /// KEYS: seq, log, exp, dead, epoch, then one item hash per row. ARGV: epoch, channel (empty = no hint), the
    /// command that publishes the hint (<c>PUBLISH</c> or <c>SPUBLISH</c>), the writing replica's id, then per row
    /// member, deleted (<c>1</c> = delete, anything else = upsert), payload, expiry in Unix ms (empty = never). The hint
    /// is <c>&lt;seq&gt; &lt;replica id&gt;</c>, so the writer knows its own.
    /// Returns <c>{1, seq}</c>, or <c>{0, current epoch or ''}</c> when the epoch differs (nothing written).
    /// </summary>
    public const string Write = """
        local epoch = redis.call('GET', KEYS[5])
        if epoch == false or epoch ~= ARGV[1] then
          return {0, epoch or ''}
        end
        local seq = redis.call('INCR', KEYS[1])
        for n = 1, #KEYS - 5 do
          local a = 4 + (n - 1) * 4
          local member, deleted, payload, expiry = ARGV[a + 1], ARGV[a + 2], ARGV[a + 3] or '', ARGV[a + 4]
          local key = KEYS[5 + n]
          redis.call('DEL', key)
          if deleted == '1' then
            redis.call('HSET', key, 'p', payload, 'v', seq, 'd', '1')
            redis.call('ZREM', KEYS[3], member)
            redis.call('ZADD', KEYS[4], seq, member)
          else
            redis.call('HSET', key, 'p', payload, 'v', seq, 'd', '0')
            redis.call('ZREM', KEYS[4], member)
            if expiry ~= nil and expiry ~= '' then
              redis.call('HSET', key, 'x', expiry)
              redis.call('ZADD', KEYS[3], expiry, member)
              redis.call('PEXPIREAT', key, expiry)
            else
              redis.call('ZREM', KEYS[3], member)
            end
          end
          redis.call('ZADD', KEYS[2], seq, member)
        end
        if ARGV[2] ~= '' then
          redis.call(ARGV[3], ARGV[2], seq .. ' ' .. ARGV[4])
        end
        return {1, seq}
        """;

    /// <summary>
    /// <see cref="Write"/> under the store's MaxCount, enforced across replicas: the same KEYS and ARGV, plus the limit as
    /// the last ARGV. The store's item count is the change log's size less the tombstones (<c>ZCARD log - ZCARD dead</c>:
    /// items Redis expired count until the sweeper logs their deletion). A batch that adds an item (a key not live in the
    /// log) and would leave more items than the limit writes nothing and returns <c>{2, count, row, ...}</c>: the count
    /// before it and the (1-based) rows it would add. A batch that only updates or deletes is never refused.
    /// </summary>
    public const string WriteLimited = """
        local epoch = redis.call('GET', KEYS[5])
        if epoch == false or epoch ~= ARGV[1] then
          return {0, epoch or ''}
        end
        local count = redis.call('ZCARD', KEYS[2]) - redis.call('ZCARD', KEYS[4])
        local after, added = count, {}
        for n = 1, #KEYS - 5 do
          local a = 4 + (n - 1) * 4
          local member, deleted = ARGV[a + 1], ARGV[a + 2]
          local live = redis.call('ZSCORE', KEYS[2], member) ~= false and redis.call('ZSCORE', KEYS[4], member) == false
          if deleted == '1' then
            if live then after = after - 1 end
          elseif not live then
            after = after + 1
            added[#added + 1] = n
          end
        end
        if #added > 0 and after > tonumber(ARGV[#ARGV]) then
          local refused = {2, count}
          for _, n in ipairs(added) do refused[#refused + 1] = n end
          return refused
        end
        """ + "\n" + Write;

    /// <summary>
    /// The current state of some items: KEYS the item hashes. Returns <c>{payload, deleted, ...}</c> per key, empty
    /// strings for a key Redis does not hold.
    /// </summary>
    public const string Items = """
        local out = {}
        for _, key in ipairs(KEYS) do
          local state = redis.call('HMGET', key, 'p', 'd')
          out[#out + 1] = state[1] or ''
          out[#out + 1] = state[2] or ''
        end
        return out
        """;

    /// <summary>
    /// Reads the change log after a cursor, with the items' current state, in one consistent step.
    /// KEYS: seq, log, epoch, horizon. ARGV: cursor, limit, item key prefix.
    /// Returns <c>{seq, epoch or '', horizon, member, score, payload, deleted, ...}</c>; an item whose hash is gone
    /// (expired in Redis) comes with an empty payload. A full page never ends inside a sequence number (one script
    /// writes many entries under one): it takes the rest of the last one's entries too, so the next page, read after
    /// that sequence number, misses none.
    /// </summary>
    public const string Read = """
        local out = {tonumber(redis.call('GET', KEYS[1]) or '0'), redis.call('GET', KEYS[3]) or '', tonumber(redis.call('GET', KEYS[4]) or '0')}
        local limit = tonumber(ARGV[2])
        local entries = redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. ARGV[1], '+inf', 'WITHSCORES', 'LIMIT', 0, limit)
        if #entries >= 2 * limit then
          local last, taken = entries[#entries], 0
          for i = 2, #entries, 2 do
            if entries[i] == last then taken = taken + 1 end
          end
          for _, value in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], last, last, 'WITHSCORES', 'LIMIT', taken, -1)) do
            entries[#entries + 1] = value
          end
        end
        for i = 1, #entries, 2 do
          local state = redis.call('HMGET', ARGV[3] .. entries[i], 'p', 'd')
          out[#out + 1] = entries[i]
          out[#out + 1] = entries[i + 1]
          out[#out + 1] = state[1] or ''
          out[#out + 1] = state[2] or ''
        end
        return out
        """;

    /// <summary>
    /// The sweeper: removes expired index entries (and their items, should Redis not have freed them yet) and records
    /// their deletion in the change log under one new sequence number; then purges tombstones older than the
    /// retention and raises the horizon. KEYS: seq, log, exp, dead, horizon. ARGV: now (Unix ms), limit, item key
    /// prefix, channel, retention, the command that publishes the hint. Returns <c>{expired, purged}</c>.
    /// </summary>
    public const string Sweep = """
        local due = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
        if #due > 0 then
          local seq = redis.call('INCR', KEYS[1])
          for _, member in ipairs(due) do
            redis.call('ZREM', KEYS[3], member)
            redis.call('DEL', ARGV[3] .. member)
            redis.call('ZADD', KEYS[2], seq, member)
            redis.call('ZADD', KEYS[4], seq, member)
          end
          redis.call(ARGV[6], ARGV[4], seq)
        end
        local upto = tonumber(redis.call('GET', KEYS[1]) or '0') - tonumber(ARGV[5])
        local purged = 0
        if upto > 0 then
          local old = redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', upto, 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[2]))
          local top = tonumber(redis.call('GET', KEYS[5]) or '0')
          for i = 1, #old, 2 do
            redis.call('ZREM', KEYS[4], old[i])
            redis.call('ZREM', KEYS[2], old[i])
            redis.call('DEL', ARGV[3] .. old[i])
            top = math.max(top, tonumber(old[i + 1]))
            purged = purged + 1
          end
          redis.call('SET', KEYS[5], top)
        end
        return {#due, purged}
        """;

    /// <summary>
    /// A conditional write of one row: checks the epoch, compares the item's version (<c>v</c>; 0 when its hash is
    /// missing or a tombstone) with the expected one and, only if equal, writes it like <see cref="Write"/> under a new
    /// sequence number (a delete keeps the stored payload). KEYS: seq, log, exp, dead, epoch, item hash. ARGV: epoch,
    /// channel, expected version, member, deleted (<c>1</c> = delete), payload, expiry in Unix ms (empty = never), the
    /// command that publishes the hint.
    /// Returns <c>{1, seq, payload}</c> when written, <c>{2, actual version}</c> on a mismatch and <c>{0, current epoch
    /// or ''}</c> when the epoch differs (nothing written in either case); an expected version that is not a number is
    /// an error reply.
    /// </summary>
    public const string WriteIfVersion = """
        local epoch = redis.call('GET', KEYS[5])
        if epoch == false or epoch ~= ARGV[1] then
          return {0, epoch or ''}
        end
        local expected = tonumber(ARGV[3])
        if expected == nil then
          return redis.error_reply('ERR StoreGen: the expected version is not a number')
        end
        local state = redis.call('HMGET', KEYS[6], 'v', 'd', 'p')
        local actual = 0
        if state[1] ~= false and state[2] ~= '1' then
          actual = tonumber(state[1]) or 0
        end
        if actual ~= expected then
          return {2, actual}
        end
        local member, deleted, payload, expiry = ARGV[4], ARGV[5], ARGV[6] or '', ARGV[7]
        local seq = redis.call('INCR', KEYS[1])
        redis.call('DEL', KEYS[6])
        if deleted == '1' then
          payload = state[3] or ''
          redis.call('HSET', KEYS[6], 'p', payload, 'v', seq, 'd', '1')
          redis.call('ZREM', KEYS[3], member)
          redis.call('ZADD', KEYS[4], seq, member)
        else
          redis.call('HSET', KEYS[6], 'p', payload, 'v', seq, 'd', '0')
          redis.call('ZREM', KEYS[4], member)
          if expiry ~= nil and expiry ~= '' then
            redis.call('HSET', KEYS[6], 'x', expiry)
            redis.call('ZADD', KEYS[3], expiry, member)
            redis.call('PEXPIREAT', KEYS[6], expiry)
          else
            redis.call('ZREM', KEYS[3], member)
          end
        end
        redis.call('ZADD', KEYS[2], seq, member)
        if ARGV[2] ~= '' then
          redis.call(ARGV[8], ARGV[2], seq)
        end
        return {1, seq, payload}
        """;
}
