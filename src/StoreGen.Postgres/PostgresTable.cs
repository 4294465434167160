using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using NpgsqlTypes;
using StoreGen.Live;

namespace StoreGen.Postgres;

/// <summary>
/// One store's table: typed key columns, <c>sg_version</c> (the store's commit-ordered version), <c>sg_deleted</c>
/// (tombstones, so pollers see deletes) and <c>sg_item</c> (the item as jsonb, from the generated codec). Identifiers
/// are always quoted; values are always parameters.
/// </summary>
internal sealed partial class PostgresTable
{
    private readonly LiveKeySchema _schema;
    private readonly string _keyList;
    private readonly string _upsert;
    private readonly string _bump;
    private readonly string _poll;
    private readonly string _copy;
    private readonly string _copyItems;
    private readonly string _readKeys;

    public PostgresTable(string schemaName, ILiveStore store, string channel)
    {
        _schema = store.LiveKeySchema;
        if (_schema.Unsupported is { } problem)
        {
            throw new StoreException(store.StoreName, "AddPostgres", Array.Empty<object?>(), problem);
        }
        StoreName = store.StoreName;
        string tableName = "storegen_" + store.StoreName;
        if (Encoding.UTF8.GetByteCount(tableName) > 63)
        {
            throw new StoreException(store.StoreName, "AddPostgres", Array.Empty<object?>(), $"the table name '{tableName}' is longer than PostgreSQL's 63 bytes");
        }
        foreach (var name in _schema.Names.Where(name => name.StartsWith("sg_", StringComparison.Ordinal)))
        {
            throw new StoreException(store.StoreName, "AddPostgres", Array.Empty<object?>(), $"key member '{name}' clashes with StoreGen's sg_ columns");
        }
        Table = Sql.Quote(schemaName) + "." + Sql.Quote(tableName);
        Versions = Sql.Quote(schemaName) + ".\"storegen_versions\"";
        _keyList = string.Join(", ", _schema.Names.Select(Sql.Quote));
        var columns = _schema.Names.Select((name, n) => $"{Sql.Quote(name)} {PostgresColumns.SqlType(_schema.Types[n])} NOT NULL");
        Create =
            $"CREATE TABLE IF NOT EXISTS {Table} ({string.Join(", ", columns)}, sg_version bigint NOT NULL, sg_deleted boolean NOT NULL, sg_item jsonb NOT NULL, PRIMARY KEY ({_keyList}));\n" +
            $"CREATE INDEX IF NOT EXISTS {Sql.Quote(tableName + "_sg_version")} ON {Table} (sg_version);\n" +
            $"INSERT INTO {Versions} (store, version, horizon) VALUES ({Sql.Literal(StoreName)}, 0, 0) ON CONFLICT (store) DO NOTHING;";
        // The counter row's lock serializes the writers' commits, so versions increase in commit order.
        _bump = $"UPDATE {Versions} SET version = version + 1 WHERE store = $1 RETURNING version";
        string unnestArgs = string.Join(", ", _schema.Names.Select((_, n) => $"${n + 2}"));
        string unnestCols = string.Join(", ", _schema.Names.Select((_, n) => $"k{n}"));
        int deleted = _schema.Names.Count + 2;
        _upsert =
            $"INSERT INTO {Table} ({_keyList}, sg_version, sg_deleted, sg_item) " +
            $"SELECT {unnestCols}, (SELECT version FROM {Versions} WHERE store = $1), d, i FROM unnest({unnestArgs}, ${deleted}, ${deleted + 1}) AS u({unnestCols}, d, i) " +
            $"ON CONFLICT ({_keyList}) DO UPDATE SET sg_version = excluded.sg_version, sg_deleted = excluded.sg_deleted, sg_item = excluded.sg_item";
        Notify = $"SELECT pg_notify({Sql.Literal(channel)}, $1 || ':' || (SELECT version FROM {Versions} WHERE store = $1))";
        string qualifiedKeys = string.Join(", ", _schema.Names.Select(name => "t." + Sql.Quote(name)));
        _poll =
            $"SELECT v.version, v.horizon, t.sg_deleted, t.sg_item::text, t.sg_version, {qualifiedKeys} FROM {Versions} v " +
            $"LEFT JOIN {Table} t ON t.sg_version > $2 AND t.sg_version <= v.version AND $2 >= v.horizon " +
            "WHERE v.store = $1 ORDER BY t.sg_version";
        string joinKeys = string.Join(" AND ", _schema.Names.Select((name, n) => $"t.{Sql.Quote(name)} = u.k{n}"));
        _readKeys =
            $"SELECT u.ord::int, t.sg_deleted, t.sg_item::text, t.sg_version FROM unnest({string.Join(", ", _schema.Names.Select((_, n) => $"${n + 1}"))}) WITH ORDINALITY AS u({unnestCols}, ord) " +
            $"LEFT JOIN {Table} t ON {joinKeys}";
        _copy = $"COPY (SELECT {_keyList}, sg_version, sg_item FROM {Table} WHERE NOT sg_deleted) TO STDOUT (FORMAT BINARY)";
        _copyItems = $"COPY (SELECT sg_version, sg_item FROM {Table} WHERE NOT sg_deleted) TO STDOUT (FORMAT BINARY)";
    }

    public string StoreName { get; }

    /// <summary>The quoted, schema-qualified table name.</summary>
    public string Table { get; }

    public string Versions { get; }

    /// <summary>Creates the table, its version index and its counter row (idempotent; run under the advisory lock).</summary>
    public string Create { get; }

    private string Notify { get; }

    /// <summary>The batch's rows as the upsert's parameter arrays, encoded once (a retried write sends them again).</summary>
    public EncodedBatch Encode(LiveBatch batch)
    {
        int count = batch.Count;
        var keys = new KeyArrays(_schema, count);
        var deleted = new bool[count];
        var items = new string[count];
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            for (int row = 0; row < count; row++)
            {
                keys.At(row);
                batch.WriteKey(row, keys);
                deleted[row] = batch.IsDeleted(row);
                buffer.ResetWrittenCount();
                json.Reset(buffer);
                batch.WriteItem(row, json);
                json.Flush();
                items[row] = Encoding.UTF8.GetString(buffer.WrittenSpan);
            }
        }
        return new EncodedBatch(keys.Columns, deleted, items);
    }

    /// <summary>
    /// Writes <paramref name="rows"/> in one transaction: bumps the counter (taking its row lock), upserts every row
    /// with one unnest statement at the new version, and sends one NOTIFY. Returns the version committed.
    /// </summary>
    public async Task<long> WriteAsync(NpgsqlDataSource source, EncodedBatch rows, CancellationToken cancellationToken)
    {
        // One round trip: a batch runs as one implicit transaction. The counter row is bumped first (its row lock
        // serializes the writers' commits); the upsert and the notification read the bumped version back.
        await using var connection = await source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var write = new NpgsqlBatch(connection);
        var bump = new NpgsqlBatchCommand(_bump);
        bump.Parameters.Add(new NpgsqlParameter { Value = StoreName, NpgsqlDbType = NpgsqlDbType.Text });
        write.BatchCommands.Add(bump);
        var upsert = new NpgsqlBatchCommand(_upsert);
        upsert.Parameters.Add(new NpgsqlParameter { Value = StoreName, NpgsqlDbType = NpgsqlDbType.Text });
        AddKeyArrays(upsert.Parameters, rows.Keys);
        upsert.Parameters.Add(new NpgsqlParameter { Value = rows.Deleted, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Boolean });
        upsert.Parameters.Add(new NpgsqlParameter { Value = rows.Items, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        write.BatchCommands.Add(upsert);
        var notify = new NpgsqlBatchCommand(Notify);
        notify.Parameters.Add(new NpgsqlParameter { Value = StoreName, NpgsqlDbType = NpgsqlDbType.Text });
        write.BatchCommands.Add(notify);
        await using var reader = await write.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"the counter row of store '{StoreName}' in {Versions} is missing");
        }
        long version = reader.GetInt64(0);
        while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
        {
            // drain: the upsert and the notification
        }
        return version;
    }

    private void AddKeyArrays(NpgsqlParameterCollection parameters, Array[] keys)
    {
        for (int n = 0; n < keys.Length; n++)
        {
            parameters.Add(new NpgsqlParameter { Value = keys[n], NpgsqlDbType = NpgsqlDbType.Array | PostgresColumns.DbType(_schema.Types[n]) });
        }
    }

    /// <summary>
    /// What the table holds now for the keys of <paramref name="rows"/>, with each row's version; a key it does not
    /// hold comes back as a deleted row carrying the batch's item (so the store drops it). Used after the database
    /// refused a batch for good.
    /// </summary>
    public async Task<List<RemoteRow>> ReadKeysAsync(NpgsqlDataSource source, EncodedBatch rows, long cursor, CancellationToken cancellationToken)
    {
        await using var command = source.CreateCommand(_readKeys);
        AddKeyArrays(command.Parameters, rows.Keys);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var found = new List<RemoteRow>();
        var held = new bool[rows.Items.Length];
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            int row = reader.GetInt32(0) - 1;
            held[row] = !reader.IsDBNull(2);
            if (held[row])
            {
                found.Add(new RemoteRow(reader.GetBoolean(1), reader.GetString(2), rows.KeyOf(row), reader.GetInt64(3)));
            }
        }
        found.AddRange(NotHeld(rows, Enumerable.Range(0, held.Length).Where(row => !held[row]), cursor));
        return found;
    }

    /// <summary>Deleted rows for the keys of <paramref name="rows"/> the table does not hold, carrying the batch's items (so the store drops them).</summary>
    public static List<RemoteRow> NotHeld(EncodedBatch rows, IEnumerable<int> notHeld, long cursor) =>
        notHeld.Select(row => new RemoteRow(true, rows.Items[row], rows.KeyOf(row), Math.Max(cursor, 1))).ToList();

    /// <summary>
    /// Checks that an existing table's primary key is the store's key (names and types, in order); a table left by a
    /// different key is an error naming the table and both keys, never written to.
    /// </summary>
    public async Task CheckKeyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_index i " +
            "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) " +
            "WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = Table, NpgsqlDbType = NpgsqlDbType.Text });
        var found = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                found.Add(reader.GetString(0) + " " + reader.GetString(1));
            }
        }
        var expected = _schema.Names.Select((name, n) => name + " " + PostgresColumns.SqlType(_schema.Types[n])).ToList();
        if (!found.SequenceEqual(expected))
        {
            throw new StoreException(StoreName, "AddPostgres", Array.Empty<object?>(),
                $"the table {Table} has the primary key ({string.Join(", ", found)}) but the store's key is ({string.Join(", ", expected)}); migrate or drop the table (nothing was written to it)");
        }
    }

    /// <summary>
    /// Deletes tombstones at or below <c>version - retention</c> and raises the horizon to that cutoff, in one
    /// transaction holding the counter row's lock (so no writer commits in between). Returns how many were purged.
    /// </summary>
    public async Task<int> PurgeAsync(NpgsqlDataSource source, long retention, CancellationToken cancellationToken)
    {
        await using var connection = await source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        long cutoff;
        await using (var horizon = new NpgsqlCommand(
            $"UPDATE {Versions} SET horizon = GREATEST(horizon, version - $2) WHERE store = $1 RETURNING horizon", connection, transaction))
        {
            horizon.Parameters.Add(new NpgsqlParameter { Value = StoreName, NpgsqlDbType = NpgsqlDbType.Text });
            horizon.Parameters.Add(new NpgsqlParameter { Value = retention, NpgsqlDbType = NpgsqlDbType.Bigint });
            cutoff = (long)(await horizon.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? 0L);
        }
        int purged;
        await using (var delete = new NpgsqlCommand($"DELETE FROM {Table} WHERE sg_deleted AND sg_version <= $1", connection, transaction))
        {
            delete.Parameters.Add(new NpgsqlParameter { Value = cutoff, NpgsqlDbType = NpgsqlDbType.Bigint });
            purged = await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return purged;
    }

    /// <summary>The store's committed version and tombstone horizon, as of <paramref name="transaction"/>'s snapshot.</summary>
    public async Task<(long Version, long Horizon)> VersionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT version, horizon FROM {Versions} WHERE store = $1", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = StoreName, NpgsqlDbType = NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? (reader.GetInt64(0), reader.GetInt64(1))
            : throw new InvalidOperationException($"the counter row of store '{StoreName}' in {Versions} is missing");
    }

    /// <summary>Every named store's committed version, in one query (<paramref name="query"/> reads the counter table).</summary>
    public static async Task<Dictionary<string, long>> VersionsAsync(NpgsqlDataSource source, string query, string[] stores, CancellationToken cancellationToken)
    {
        await using var command = source.CreateCommand(query);
        command.Parameters.Add(new NpgsqlParameter { Value = stores, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            versions[reader.GetString(0)] = reader.GetInt64(1);
        }
        return versions;
    }

    /// <summary>
    /// The store's committed version and horizon, and every row changed after <paramref name="cursor"/> up to that
    /// version, in commit order — in one statement (one snapshot, one round trip). When the cursor is outside
    /// horizon..version no rows are returned: the caller reloads.
    /// </summary>
    public async Task<(long Version, long Horizon, List<RemoteRow> Rows)> PollAsync(NpgsqlDataSource source, long cursor, CancellationToken cancellationToken)
    {
        await using var command = source.CreateCommand(_poll);
        command.Parameters.Add(new NpgsqlParameter { Value = StoreName, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = cursor, NpgsqlDbType = NpgsqlDbType.Bigint });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        int keyCount = _schema.Names.Count;
        long version = -1, horizon = 0;
        var rows = new List<RemoteRow>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            version = reader.GetInt64(0);
            horizon = reader.GetInt64(1);
            if (reader.IsDBNull(2))
            {
                continue;   // the counter row alone: nothing changed after the cursor
            }
            var key = new object?[keyCount];
            for (int n = 0; n < keyCount; n++)
            {
                key[n] = reader.GetValue(5 + n);
            }
            rows.Add(new RemoteRow(reader.GetBoolean(2), reader.GetString(3), key, reader.GetInt64(4)));
        }
        return version >= 0 ? (version, horizon, rows) : throw new InvalidOperationException($"the counter row of store '{StoreName}' in {Versions} is missing");
    }

    /// <summary>
    /// Hands every live row to <paramref name="load"/>, by binary COPY, with its <c>sg_version</c> (the load puts the
    /// rows in commit order: when rows clash on a unique index of the store, the one committed last is kept, as a poll
    /// keeps it). The jsonb is read as UTF-8 bytes and decoded as such. The key columns are read only
    /// <paramref name="withKeys"/>: they serve only to name a row whose item cannot be read.
    /// </summary>
    public async Task LoadAsync(NpgsqlConnection connection, bool withKeys, LiveLoad load, CancellationToken cancellationToken)
    {
        int keyCount = withKeys ? _schema.Names.Count : 0;
        await using var exporter = await connection.BeginBinaryExportAsync(withKeys ? _copy : _copyItems, cancellationToken).ConfigureAwait(false);
        while (await exporter.StartRowAsync(cancellationToken).ConfigureAwait(false) != -1)
        {
            var key = keyCount == 0 ? Array.Empty<object?>() : new object?[keyCount];
            for (int n = 0; n < keyCount; n++)
            {
                key[n] = PostgresColumns.Read(exporter, _schema.Types[n]);
            }
            long version = exporter.Read<long>(NpgsqlDbType.Bigint);
            load.Add(RemoteRow.FromUtf8(false, Utf8Jsonb(exporter.Read<byte[]>(NpgsqlDbType.Jsonb)), key, version));
        }
    }

    /// <summary>A jsonb value read as bytes: its JSON text, without the binary format's version byte if it is there.</summary>
    private static ReadOnlyMemory<byte> Utf8Jsonb(byte[] value) =>
        value.Length > 0 && value[0] == JsonbVersion ? value.AsMemory(1) : value;

    private const byte JsonbVersion = 1;   // never the first byte of JSON text
}
