using System.Threading.Tasks;
using Amazon.S3;
using StoreGen.Persistence;
using StoreGen.Testing;

namespace StoreGen.S3.Tests;

/// <summary>The snapshot part of the conformance suite against s3rver (a fresh key prefix per test).</summary>
public sealed class S3SnapshotConformanceTests : SnapshotBackendConformanceTests
{
    private readonly S3SnapshotOptions _options = S3Settings.Fresh();
    private readonly AmazonS3Client _client;

    public S3SnapshotConformanceTests() => _client = new AmazonS3Client(S3SnapshotBackend.CreateConfig(_options));

    protected override ISnapshotBackend OpenBackend() => new S3SnapshotBackend(_client, _options);

    protected override Task CleanUpAsync()
    {
        _client.Dispose();
        return Task.CompletedTask;
    }
}
