using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using StackExchange.Redis;
using StoreGen.Live;
using StoreGen.Testing;

namespace StoreGen.Redis.Tests;

/// <summary>The live-backend conformance suite against Redis over RESP2 (every replica of a test shares one fresh namespace).</summary>
public class RedisConformanceTests : LiveBackendConformanceTests
{
    private readonly RedisServer _redis = RedisServer.Shared();

    protected virtual RedisProtocol Protocol => RedisProtocol.Resp2;

    protected override async Task<ILiveBackend> StartReplicaAsync(IReadOnlyList<ILiveStore> stores) =>
        await _redis.StartAsync(options => options.Protocol = Protocol, stores.ToArray());

    protected override Task CleanUpAsync() => _redis.DisposeAsync().AsTask();
}

/// <summary>The same suite over RESP3.</summary>
public sealed class RedisResp3ConformanceTests : RedisConformanceTests
{
    protected override RedisProtocol Protocol => RedisProtocol.Resp3;

    /// <summary>The connection really speaks RESP3 (otherwise this class would repeat the RESP2 run).</summary>
    [Fact]
    public async Task The_connection_speaks_resp3()
    {
        var store = new ConformanceItemStore();
        var backend = (RedisLiveBackend)await StartReplicaAsync(new ILiveStore[] { store });
        var server = backend.Connection.GetServers()[0];
        Assert.Equal(RedisProtocol.Resp3, server.Protocol);
    }
}
