using System;
using System.Collections.Generic;
using System.Linq;
using StoreGen.Persistence;

namespace StoreGen.Hosting;

/// <summary>What <c>AddStoreGen</c> calls registered: the persisted stores and the named snapshot backends.</summary>
internal sealed class StoreGenRegistry
{
    public List<Func<IServiceProvider, IPersistableStore>> Stores { get; } = new();

    /// <summary>The defaults set in code (AddStoreGen's configure callbacks), applied before configuration.</summary>
    public List<Action<StorePersistenceOptions>> Defaults { get; } = new();

    public Dictionary<string, Func<IServiceProvider, StorePersistenceOptions, ISnapshotBackend>> Backends { get; } =
        new(StringComparer.OrdinalIgnoreCase)
        {
            [StoreGenSettings.FileBackend] = (_, options) => new FileSnapshotBackend(options.FilePath, options.Compress),
        };

    /// <summary>The live backends (<c>AddLiveBackend</c>) by name; a snapshot backend is not used when one is chosen.</summary>
    public Dictionary<string, Func<IServiceProvider, StorePersistenceOptions, Live.ILiveBackend>> LiveBackends { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The backend named by <paramref name="options"/>, or null for <c>memory</c>; throws naming STORE_BACKEND if unknown.</summary>
    public ISnapshotBackend? CreateBackend(IServiceProvider services, StorePersistenceOptions options)
    {
        if (string.Equals(options.Backend, StoreGenSettings.MemoryBackend, StringComparison.OrdinalIgnoreCase) || LiveBackends.ContainsKey(options.Backend))
        {
            return null;
        }
        if (!Backends.TryGetValue(options.Backend, out var factory))
        {
            string known = string.Join(", ", new[] { StoreGenSettings.MemoryBackend }.Concat(Backends.Keys).Concat(LiveBackends.Keys));
            string hint = options.Backend.ToLowerInvariant() switch
            {
                "s3" => " (reference the StoreGen.S3 package and call AddS3() on the AddStoreGen builder)",
                "postgres" => " (reference the StoreGen.Postgres package and call AddPostgres() on the AddStoreGen builder)",
                _ => "",
            };
            throw new StoreGenConfigurationException(options.BackendSetting, $"unknown backend '{options.Backend}'{hint}; known backends: {known}");
        }
        if (string.Equals(options.Backend, StoreGenSettings.FileBackend, StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(options.FilePath))
            {
                throw new StoreGenConfigurationException("STORE_FILE_PATH", "the file backend needs a snapshot path");
            }
            if (System.IO.Directory.Exists(options.FilePath))
            {
                throw new StoreGenConfigurationException("STORE_FILE_PATH", $"'{options.FilePath}' is a directory; give the path of the snapshot file (e.g. {System.IO.Path.Combine(options.FilePath, "storegen.json")})");
            }
        }
        return factory(services, options);
    }
}
