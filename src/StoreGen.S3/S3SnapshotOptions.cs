using System;

namespace StoreGen.S3;

/// <summary>
/// Where and how the S3 backend keeps the snapshot: one object, <c>s3://{Bucket}/{KeyPrefix}/{ObjectName}</c>
/// (the claims/XR cache's <c>s3://&lt;bucket&gt;/&lt;prefix&gt;/snapshot.json</c>), holding every store of the group.
/// </summary>
public sealed class S3SnapshotOptions
{
    /// <summary>The bucket (<c>S3_BUCKET</c>, required).</summary>
    public string? Bucket { get; set; }

    /// <summary>The key prefix (<c>S3_KEY_PREFIX</c>). Default <c>storegen</c>; empty puts the object at the bucket's root.</summary>
    public string KeyPrefix { get; set; } = "storegen";

    /// <summary>The object's name under the prefix (<c>S3_OBJECT_NAME</c>). Default <c>snapshot.json</c>.</summary>
    public string ObjectName { get; set; } = "snapshot.json";

    /// <summary>The region (<c>S3_REGION</c>). Default <c>us-east-1</c>; also the signing region of a custom endpoint.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>
    /// A custom endpoint for S3-compatible servers such as MinIO or s3rver (<c>S3_ENDPOINT</c>, e.g.
    /// <c>http://minio:9000</c>). Path-style addressing is used whenever it is set.
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary>
    /// Optimistic concurrency (<c>S3_CONDITIONAL_WRITES</c>): the first write sends <c>If-None-Match: *</c>, later ones
    /// <c>If-Match</c> with the ETag last read or written, so two writers cannot silently overwrite each other where
    /// the server enforces conditional writes (AWS S3 does; s3rver accepts and ignores them). Off by default.
    /// </summary>
    public bool ConditionalWrites { get; set; }

    /// <summary>Gzip the object (<c>S3_COMPRESS</c>). Reading detects either form.</summary>
    public bool Compress { get; set; }

    /// <summary>How many times the AWS SDK retries a failed request itself (<c>S3_MAX_RETRIES</c>); null keeps the SDK's default.</summary>
    public int? MaxErrorRetry { get; set; }

    /// <summary>The object key: <c>{KeyPrefix}/{ObjectName}</c>.</summary>
    public string Key => string.IsNullOrEmpty(KeyPrefix) ? ObjectName : KeyPrefix.TrimEnd('/') + "/" + ObjectName;
}
