using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace StoreGen.RedisBenchmarks;

/// <summary>
/// One timed write run: items per second on the clock, and the CPU it took per item in this process (every thread:
/// the caller, the backend's loops, StackExchange.Redis) and in Redis (<c>INFO cpu</c>). CPU time moves much less than
/// the clock when other work shares the machine, so it says where the time goes. Also how many garbage collections
/// ran (all generations, and full ones).
/// </summary>
internal sealed record WriteRun(double Rate, double ClientMicroseconds, double RedisMicroseconds, int Collections, int FullCollections)
{
    public static async Task<WriteRun> MeasureAsync(ConnectionMultiplexer connection, int items, Func<Task> write)
    {
        var process = Process.GetCurrentProcess();
        double redisBefore = await RedisCpuAsync(connection);
        process.Refresh();
        var clientBefore = process.TotalProcessorTime;
        var (gen0, gen2) = (GC.CollectionCount(0), GC.CollectionCount(2));
        var clock = Stopwatch.StartNew();
        await write();
        var elapsed = clock.Elapsed;
        process.Refresh();
        var client = process.TotalProcessorTime - clientBefore;
        double redis = await RedisCpuAsync(connection) - redisBefore;
        return new WriteRun(items / elapsed.TotalSeconds, client.TotalMicroseconds / items, redis * 1e6 / items,
            GC.CollectionCount(0) - gen0, GC.CollectionCount(2) - gen2);
    }

    /// <summary>Redis's own CPU seconds so far (main thread and the rest: <c>used_cpu_sys + used_cpu_user</c>).</summary>
    private static async Task<double> RedisCpuAsync(ConnectionMultiplexer connection)
    {
        var info = await connection.GetServers()[0].InfoAsync("cpu");
        var cpu = info.SelectMany(group => group).ToDictionary(pair => pair.Key, pair => pair.Value);
        return double.Parse(cpu["used_cpu_sys"], CultureInfo.InvariantCulture) + double.Parse(cpu["used_cpu_user"], CultureInfo.InvariantCulture);
    }
}
