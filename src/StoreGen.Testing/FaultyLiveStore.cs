using System.Text.Json;
using StoreGen.Live;
using StoreGen.Persistence;

namespace StoreGen.Testing;

/// <summary>A store as a backend sees it through <see cref="LiveFaults"/>: everything is the store's own, except that its link passes through the faults.</summary>
internal sealed class FaultyLiveStore(ILiveStore store, LiveFaults faults) : ILiveStore
{
    private FaultyLiveLink? _link;

    public string StoreName => store.StoreName;

    public long Version => store.Version;

    public LiveKeySchema LiveKeySchema => store.LiveKeySchema;

    public LiveLink? Live => _link;

    public LiveLink AttachLive(LiveLinkOptions options) => _link = new FaultyLiveLink(store.AttachLive(options), faults);

    public long WriteItems(Utf8JsonWriter writer) => store.WriteItems(writer);

    public PendingRestore ReadItems(ref Utf8JsonReader reader) => store.ReadItems(ref reader);
}
