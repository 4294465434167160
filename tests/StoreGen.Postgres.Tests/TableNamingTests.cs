using System;
using System.Threading.Tasks;
using StoreGen;

namespace StoreGen.Postgres.Tests;

/// <summary>An item whose table name ("storegen_" + store name) is exactly PostgreSQL's 63 bytes.</summary>
[Store(Keys = new[] { nameof(Id) })]
public sealed partial record ItemWhoseTableNameTakesAllSixtyThreeBytesOfPgName(string Id);

/// <summary>An item whose table name is 64 bytes: one more than PostgreSQL keeps.</summary>
[Store(Keys = new[] { nameof(Id) })]
public sealed partial record ItemWhoseTableNameTakesSixtyFourBytesOneOverTheMax(string Id);

/// <summary>An item with a key member named like StoreGen's own columns.</summary>
[Store(Keys = new[] { nameof(sg_version) })]
public sealed partial record ClashingKey(string sg_version, string Name);

/// <summary>Store and key names PostgreSQL cannot hold as StoreGen's table are refused at startup, naming the store and the rule.</summary>
public sealed class TableNamingTests : DatabaseTests
{
    [Fact]
    public async Task A_table_name_of_63_bytes_is_created_and_written()
    {
        var store = new ItemWhoseTableNameTakesAllSixtyThreeBytesOfPgNameStore();
        await Db.StartAsync(store);
        store.Upsert(new ItemWhoseTableNameTakesAllSixtyThreeBytesOfPgName("one"));
        await store.WhenDurableAsync();
        Assert.Equal(1L, await Db.ScalarAsync<long>($"SELECT count(*) FROM {Db.QuotedSchema}.\"storegen_ItemWhoseTableNameTakesAllSixtyThreeBytesOfPgNameStore\""));
    }

    [Fact]
    public async Task A_table_name_longer_than_63_bytes_is_refused_naming_the_store_and_the_table()
    {
        var store = new ItemWhoseTableNameTakesSixtyFourBytesOneOverTheMaxStore();
        var error = await Assert.ThrowsAsync<StoreException>(() => Db.StartAsync(store));
        Assert.Equal(("ItemWhoseTableNameTakesSixtyFourBytesOneOverTheMaxStore", "AddPostgres"), (error.StoreName, error.Operation));
        Assert.Contains("the table name 'storegen_ItemWhoseTableNameTakesSixtyFourBytesOneOverTheMaxStore' is longer than PostgreSQL's 63 bytes", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_member_named_like_a_storegen_column_is_refused_naming_it()
    {
        var store = new ClashingKeyStore();
        var error = await Assert.ThrowsAsync<StoreException>(() => Db.StartAsync(store));
        Assert.Equal(("ClashingKeyStore", "AddPostgres"), (error.StoreName, error.Operation));
        Assert.Contains("key member 'sg_version' clashes with StoreGen's sg_ columns", error.Reason, StringComparison.Ordinal);
    }
}
