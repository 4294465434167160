namespace StoreGen.Live;

/// <summary>How a <see cref="LiveLink"/> queues local writes for its backend.</summary>
public sealed class LiveLinkOptions
{
    /// <summary>
    /// The most changes that may wait to be made durable (default 100 000). A write that would exceed it is rejected
    /// with a <see cref="StoreException"/> and changes nothing: the application sees backpressure instead of memory
    /// growing without bound while the database is unreachable.
    /// </summary>
    public int QueueCapacity { get; set; } = 100_000;

    /// <summary>Who the link writes to, for messages (e.g. <c>postgres table "public"."storegen_flags"</c>).</summary>
    public string Target { get; set; } = "the live backend";

    /// <summary>
    /// The backend's conditional writes (<see cref="ILiveConditionalWriter"/>), when it supports them; null makes a
    /// conditional write to the store fail with a <see cref="StoreException"/> saying the backend does not support it.
    /// </summary>
    public ILiveConditionalWriter? ConditionalWriter { get; set; }

    /// <summary>
    /// Says why a text key member cannot be stored by the backend (e.g. <c>holds a NUL character, which PostgreSQL text
    /// cannot store</c>), or null when it can. A local write with such a key is rejected with a <see cref="StoreException"/>
    /// naming the key and changes nothing, instead of being refused by the database later, for good.
    /// </summary>
    public System.Func<string, string?>? CheckTextKey { get; set; }
}
