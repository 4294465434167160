using System;
using System.IO;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Amazon;
using Amazon.S3;
using Amazon.S3.Model;
using StoreGen.Persistence;

namespace StoreGen.S3;

/// <summary>
/// Keeps the snapshot document as one S3 object. A PUT replaces an object atomically, so readers see the old
/// document or the new one. A missing object means "no snapshot yet"; anything else that prevents reading it
/// (unreachable, missing bucket, access denied, damaged body) is an error, so <see cref="PersistentStoreGroup"/>
/// keeps the object and refuses to overwrite it.
/// </summary>
public sealed class S3SnapshotBackend : ISnapshotBackend, IDisposable
{
    private readonly IAmazonS3 _client;
    private readonly bool _ownsClient;
    private readonly S3SnapshotOptions _options;
    private readonly string _bucket;
    private bool _knownAbsent;

    /// <summary>Uses <paramref name="client"/> (not disposed by this backend).</summary>
    public S3SnapshotBackend(IAmazonS3 client, S3SnapshotOptions options)
        : this(client, options, ownsClient: false)
    {
    }

    private S3SnapshotBackend(IAmazonS3 client, S3SnapshotOptions options, bool ownsClient)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _bucket = string.IsNullOrWhiteSpace(options.Bucket)
            ? throw new ArgumentException("S3SnapshotOptions.Bucket (S3_BUCKET) is required", nameof(options))
            : options.Bucket;
        _ownsClient = ownsClient;
        Location = $"s3://{_bucket}/{options.Key}" + (options.Endpoint is null ? "" : $" at {options.Endpoint}");
    }

    /// <summary>
    /// Creates a backend with its own client: credentials from the AWS SDK's default chain (environment, profile,
    /// web identity, instance metadata, …), the configured region, and path-style addressing on a custom endpoint.
    /// </summary>
    public static S3SnapshotBackend Create(S3SnapshotOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new S3SnapshotBackend(new AmazonS3Client(CreateConfig(options)), options, ownsClient: true);
    }

    /// <summary>The client configuration <see cref="Create"/> uses; exposed so applications can adjust it and pass their own client.</summary>
    public static AmazonS3Config CreateConfig(S3SnapshotOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = new AmazonS3Config();
        if (options.Endpoint is not null)
        {
            config.ServiceURL = options.Endpoint.ToString();
            config.AuthenticationRegion = options.Region;
            config.ForcePathStyle = true;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }
        if (options.MaxErrorRetry is { } retries)
        {
            config.MaxErrorRetry = retries;
        }
        return config;
    }

    /// <inheritdoc />
    public string Location { get; }

    /// <summary>The ETag of the object as last read or written by this backend (null if none).</summary>
    public string? ETag { get; private set; }

    /// <inheritdoc />
    public async ValueTask<byte[]?> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _client.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = _options.Key }, cancellationToken).ConfigureAwait(false);
            using var body = new MemoryStream(response.ContentLength > 0 ? (int)Math.Min(response.ContentLength, int.MaxValue) : 0);
            await response.ResponseStream.CopyToAsync(body, cancellationToken).ConfigureAwait(false);
            ETag = response.ETag;
            _knownAbsent = false;
            // The buffer was sized to the object, so it is usually the document itself: no second copy.
            byte[] bytes = body.Length == body.Capacity ? body.GetBuffer() : body.ToArray();
            return bytes;   // gzip or plain: the group detects gzip and inflates it within its size limit
        }
        catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.NotFound && exception.ErrorCode == "NoSuchKey")
        {
            ETag = null;
            _knownAbsent = true;
            return null;
        }
        catch (AmazonS3Exception exception) when (exception.ErrorCode == "NoSuchBucket")
        {
            // The server answered: a misconfiguration, not an outage (a restore fails; it is not retried).
            throw new InvalidOperationException($"the bucket '{_bucket}' does not exist (S3_BUCKET); create it or fix the setting", exception);
        }
    }

    /// <inheritdoc />
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> document, CancellationToken cancellationToken)
    {
        var body = _options.Compress ? new ArraySegment<byte>(SnapshotCompression.Compress(document.Span)) : Segment(document);
        var request = new PutObjectRequest
        {
            BucketName = _bucket,
            Key = _options.Key,
            InputStream = new MemoryStream(body.Array!, body.Offset, body.Count, writable: false),
            ContentType = _options.Compress ? "application/gzip" : "application/json",
            UseChunkEncoding = false,   // S3-compatible servers such as s3rver store aws-chunked signatures in the body otherwise
            AutoCloseStream = true,
        };
        if (_options.ConditionalWrites)
        {
            if (ETag is not null)
            {
                request.IfMatch = ETag;
            }
            else if (_knownAbsent)
            {
                request.IfNoneMatch = "*";
            }
            else
            {
                throw new InvalidOperationException($"conditional writes need the current ETag of {Location}: restore (read) it first");
            }
        }
        try
        {
            var response = await _client.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
            ETag = response.ETag;
            _knownAbsent = false;
        }
        catch (AmazonS3Exception exception) when (exception.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict)
        {
            throw new IOException(
                $"another writer changed {Location} since this process last read or wrote it (expected {(ETag is null ? "no object" : "ETag " + ETag)}); it was not overwritten", exception);
        }
    }

    /// <summary>The document's own array when it has one (the group's always does), else a copy.</summary>
    private static ArraySegment<byte> Segment(ReadOnlyMemory<byte> document) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(document, out var segment) ? segment : new ArraySegment<byte>(document.ToArray());

    /// <summary>Disposes the client if this backend created it.</summary>
    public void Dispose()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }
}
