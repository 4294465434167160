using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Amazon.S3;
using Amazon.S3.Model;

namespace StoreGen.S3.Tests;

/// <summary>Direct reads and writes of objects, to check what the backend did (and to plant corrupt snapshots).</summary>
internal static class S3Objects
{
    public static async Task<byte[]> ReadAsync(IAmazonS3 client, string bucket, string key)
    {
        using var response = await client.GetObjectAsync(bucket, key);
        using var body = new MemoryStream();
        await response.ResponseStream.CopyToAsync(body);
        return body.ToArray();
    }

    public static async Task<string> ReadTextAsync(IAmazonS3 client, string bucket, string key) =>
        Encoding.UTF8.GetString(await ReadAsync(client, bucket, key));

    public static Task WriteTextAsync(IAmazonS3 client, string bucket, string key, string text) =>
        client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = text, UseChunkEncoding = false });

    public static async Task<IReadOnlyList<S3Object>> ListAsync(IAmazonS3 client, string bucket, string prefix) =>
        (await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = prefix })).S3Objects?.ToList() ?? new List<S3Object>();
}
