using System;
using System.Collections.Generic;
using System.IO;
using StoreGen.Tests;
using Xunit;

namespace StoreGen.S3.Tests;

/// <summary>samples/SnapshotToS3 against the s3rver test.sh starts: three poll cycles persisted, then a restart restores.</summary>
public sealed class SnapshotToS3SampleTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("storegen-s3-sample-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void The_sample_persists_each_cycle_and_a_restart_serves_the_restored_data_before_polling()
    {
        string sample = ChildProcess.Built("samples/SnapshotToS3", "SnapshotToS3");
        string prefix = "sample-" + Guid.NewGuid().ToString("N")[..8];
        var environment = new Dictionary<string, string>
        {
            ["S3_ENDPOINT"] = S3Settings.Endpoint.ToString(), ["S3_BUCKET"] = S3Settings.Bucket, ["S3_KEY_PREFIX"] = prefix,
        };
        string location = $"s3://{S3Settings.Bucket}/{prefix}/snapshot.json at {S3Settings.Endpoint}";

        var (code, first) = ChildProcess.Run(sample, _directory, environment);
        Assert.True(code == 0, first);
        Assert.Contains($"startup  NoSnapshot from {location}: serving 0 claims, 0 XRs before the first poll", first, StringComparison.Ordinal);
        Assert.Contains("cycle 0  6 claims (Bucket=3, PostgreSQLInstance=3), 6 XRs", first, StringComparison.Ordinal);
        Assert.Contains("cycle 2  8 claims (Bucket=4, PostgreSQLInstance=4), 8 XRs", first, StringComparison.Ordinal);
        Assert.Equal(3, first.Split("; persisted").Length - 1);

        var (again, second) = ChildProcess.Run(sample, _directory, environment);
        Assert.True(again == 0, second);
        Assert.Contains($"startup  Restored from {location}: serving 8 claims, 8 XRs before the first poll", second, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(Environment.GetEnvironmentVariable("STOREGEN_SAMPLE_OUTPUT") ?? _directory, "SnapshotToS3.txt"),
            first + "---- second run ----\n" + second);
    }
}
