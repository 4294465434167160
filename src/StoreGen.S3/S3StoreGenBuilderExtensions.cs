using System;
using Amazon.S3;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StoreGen.Hosting;

namespace StoreGen.S3;

/// <summary>Registers the <c>s3</c> backend with <c>AddStoreGen</c>.</summary>
public static class S3StoreGenBuilderExtensions
{
    /// <summary>
    /// Makes <c>STORE_BACKEND=s3</c> available. Settings: <c>S3_BUCKET</c> (required), <c>S3_KEY_PREFIX</c> (default
    /// <c>storegen</c>), <c>S3_REGION</c> (default <c>us-east-1</c>), <c>S3_ENDPOINT</c>, <c>S3_OBJECT_NAME</c>,
    /// <c>S3_CONDITIONAL_WRITES</c>, <c>S3_COMPRESS</c>, <c>S3_MAX_RETRIES</c> — or the same under <c>StoreGen:S3:</c>.
    /// <paramref name="configure"/> sets defaults in code; configuration overrides them. An <see cref="IAmazonS3"/>
    /// registered in the container is used if present; otherwise one is created (default credential chain).
    /// </summary>
    public static StoreGenBuilder AddS3(this StoreGenBuilder builder, Action<S3SnapshotOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Options pattern: the code's defaults, then configuration; services.Configure<S3SnapshotOptions> runs after both.
        builder.AddBackendOptions(configure, Bind);
        return builder.AddSnapshotBackend("s3", static (services, _) =>
        {
            var options = services.GetRequiredService<IOptions<S3SnapshotOptions>>().Value;
            if (string.IsNullOrWhiteSpace(options.Bucket))
            {
                throw new StoreGenConfigurationException("S3_BUCKET", "is required when STORE_BACKEND is s3");
            }
            return services.GetService<IAmazonS3>() is { } client
                ? new S3SnapshotBackend(client, options)
                : S3SnapshotBackend.Create(options);
        });
    }

    /// <summary>Applies configuration over <paramref name="options"/>, reflection-free; invalid values throw naming the setting.</summary>
    public static void Bind(S3SnapshotOptions options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        options.Bucket = StoreGenSettings.GetString(configuration, "S3_BUCKET", "S3:Bucket") ?? options.Bucket;
        options.KeyPrefix = StoreGenSettings.GetString(configuration, "S3_KEY_PREFIX", "S3:KeyPrefix") ?? options.KeyPrefix;
        options.ObjectName = StoreGenSettings.GetString(configuration, "S3_OBJECT_NAME", "S3:ObjectName") ?? options.ObjectName;
        options.Region = StoreGenSettings.GetString(configuration, "S3_REGION", "S3:Region") ?? options.Region;
        if (StoreGenSettings.GetString(configuration, "S3_ENDPOINT", "S3:Endpoint") is { } endpoint)
        {
            options.Endpoint = Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
                ? uri
                : throw new StoreGenConfigurationException("S3_ENDPOINT", $"'{endpoint}' is not an http:// or https:// URL");
        }
        options.ConditionalWrites = StoreGenSettings.GetBool(configuration, "S3_CONDITIONAL_WRITES", "S3:ConditionalWrites") ?? options.ConditionalWrites;
        options.Compress = StoreGenSettings.GetBool(configuration, "S3_COMPRESS", "S3:Compress") ?? options.Compress;
        options.MaxErrorRetry = StoreGenSettings.GetInt(configuration, "S3_MAX_RETRIES", "S3:MaxRetries") ?? options.MaxErrorRetry;
    }
}
