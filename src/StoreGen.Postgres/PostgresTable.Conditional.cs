using System;
using System.Buffers;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using NpgsqlTypes;
using StoreGen.Live;

namespace StoreGen.Postgres;

// Conditional writes: compare the row's sg_version with the expected one, then write, under the counter row's lock.
internal sealed partial class PostgresTable
{
    private string? _lockCounter;
    private string? _check;

    /// <summary>Takes the counter row's lock for the transaction: no writer commits until it ends.</summary>
    private string LockCounter => _lockCounter ??= $"SELECT version FROM {Versions} WHERE store = $1 FOR UPDATE";

    /// <summary>The key's row: its version, whether it is a tombstone, and its item.</summary>
    private string Check => _check ??=
        $"SELECT sg_version, sg_deleted, sg_item::text FROM {Table} WHERE " +
        string.Join(" AND ", _schema.Names.Select((name, n) => $"{Sql.Quote(name)} = ${n + 1}"));

    /// <summary>
    /// Writes the one row of <paramref name="write"/> if the key's version is <paramref name="expectedVersion"/> (0: no
    /// row, or a tombstone), in one transaction that holds the counter row's lock from the comparison to the commit
    /// (so no other writer commits in between): the comparison, then the same bump, upsert and NOTIFY as a batch.
    /// A delete keeps the stored item as the tombstone's. On a mismatch nothing is written and the counter is not bumped.
    /// </summary>
    public async Task<LiveConditionalResult> WriteIfVersionAsync(NpgsqlDataSource source, LiveBatch write, long expectedVersion, CancellationToken cancellationToken)
    {
        var keys = new KeyArrays(_schema, 1);
        write.WriteKey(0, keys);
        await using var connection = await source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var lockCounter = new NpgsqlCommand(LockCounter, connection, transaction))
        {
            lockCounter.Parameters.Add(new NpgsqlParameter { Value = StoreName, NpgsqlDbType = NpgsqlDbType.Text });
            await lockCounter.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        var (actual, stored) = await StoredAsync(connection, transaction, keys, cancellationToken).ConfigureAwait(false);
        if (actual != expectedVersion)
        {
            return LiveConditionalResult.Conflict(actual);   // the transaction rolls back: nothing written, counter untouched
        }
        bool deleted = write.IsDeleted(0);
        string item = deleted ? stored! : ItemJson(write);
        long version;
        await using (var bump = new NpgsqlCommand(_bump, connection, transaction))
        {
            bump.Parameters.Add(new NpgsqlParameter { Value = StoreName, NpgsqlDbType = NpgsqlDbType.Text });
            version = (long)(await bump.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
        await using (var upsert = new NpgsqlCommand(_upsert, connection, transaction))
        {
            upsert.Parameters.Add(new NpgsqlParameter { Value = StoreName, NpgsqlDbType = NpgsqlDbType.Text });
            for (int n = 0; n < keys.Columns.Length; n++)
            {
                upsert.Parameters.Add(new NpgsqlParameter { Value = keys.Columns[n], NpgsqlDbType = NpgsqlDbType.Array | PostgresColumns.DbType(_schema.Types[n]) });
            }
            upsert.Parameters.Add(new NpgsqlParameter { Value = new[] { deleted }, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Boolean });
            upsert.Parameters.Add(new NpgsqlParameter { Value = new[] { item }, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
            await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await using (var notify = new NpgsqlCommand(Notify, connection, transaction))
        {
            notify.Parameters.Add(new NpgsqlParameter { Value = StoreName, NpgsqlDbType = NpgsqlDbType.Text });
            await notify.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        return LiveConditionalResult.Written(version, item);
    }

    /// <summary>The key's version (0 when there is no row or it is a tombstone) and its stored item.</summary>
    private async Task<(long Version, string? Item)> StoredAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, KeyArrays keys, CancellationToken cancellationToken)
    {
        await using var check = new NpgsqlCommand(Check, connection, transaction);
        for (int n = 0; n < keys.Columns.Length; n++)
        {
            check.Parameters.Add(new NpgsqlParameter { Value = keys.Columns[n].GetValue(0), NpgsqlDbType = PostgresColumns.DbType(_schema.Types[n]) });
        }
        await using var reader = await check.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false) || reader.GetBoolean(1))
        {
            return (0, null);
        }
        return (reader.GetInt64(0), reader.GetString(2));
    }

    private static string ItemJson(LiveBatch write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            write.WriteItem(0, json);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
