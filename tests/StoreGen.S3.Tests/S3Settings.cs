using System;
using Amazon.S3;
using StoreGen.S3;

namespace StoreGen.S3.Tests;

/// <summary>The shared s3rver test.sh starts, and clients for it. Missing settings fail loudly: never skipped.</summary>
internal static class S3Settings
{
    public static string Require(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: run the tests with ./test.sh, which installs and starts s3rver.");

    public static Uri Endpoint => new(Require("S3_ENDPOINT"));

    public static string Bucket => Require("S3_BUCKET");

    /// <summary>Options for a fresh prefix in the shared bucket, so tests never see each other's objects.</summary>
    public static S3SnapshotOptions Fresh(Uri? endpoint = null, string? bucket = null) => new()
    {
        Bucket = bucket ?? Bucket,
        Endpoint = endpoint ?? Endpoint,
        KeyPrefix = "tests/" + Guid.NewGuid().ToString("N"),
        MaxErrorRetry = 1,
    };

    /// <summary>A plain client for checking what the backend did.</summary>
    public static AmazonS3Client Client(Uri? endpoint = null) =>
        new(S3SnapshotBackend.CreateConfig(new S3SnapshotOptions { Endpoint = endpoint ?? Endpoint, MaxErrorRetry = 0 }));
}
