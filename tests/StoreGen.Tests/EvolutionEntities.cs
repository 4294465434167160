using System.Collections.Generic;

// Successive shapes of the same stored entities (each its own store; tests rename the store in the document), as an application changes them over releases.

namespace StoreGen.Tests.Evolution
{
    /// <summary>The first release of a message.</summary>
    [Store(Keys = new[] { nameof(Id) })]
    public partial record MessageV1(string Id, string Payload, int Priority);

    /// <summary><c>Payload</c> renamed to <c>Body</c> without saying so: older snapshots lack <c>body</c>.</summary>
    [Store(Keys = new[] { nameof(Id) })]
    public partial record MessageRenamed(string Id, string Body, int Priority);

    /// <summary><c>Payload</c> renamed to <c>Body</c>, declaring its former name; members added with defaults.</summary>
    [Store(Keys = new[] { nameof(Id) })]
    public partial record MessageV2(string Id, [StoreFormerName("Payload")] string Body, int Priority, string Channel = "email", int Retries = 3, string? ReplyTo = null)
    {
        public IReadOnlyList<string> Tags { get; init; } = new[] { "untagged" };

        public double Score { get; init; } = 0.5;
    }

    /// <summary>The key member renamed: <c>Id</c> became <c>Key</c>.</summary>
    [Store(Keys = new[] { nameof(Key) })]
    public partial record MessageRekeyed(string Key, string Payload, int Priority);

    /// <summary>A newer shape an older release may meet: it ignores what it does not know.</summary>
    [Store(Keys = new[] { nameof(Id) })]
    public partial record MessageV3(string Id, string Payload, int Priority, string Region, IReadOnlyDictionary<string, double> Weights);

    /// <summary>A non-nullable member added without a default: an older snapshot cannot fill it.</summary>
    [Store(Keys = new[] { nameof(Id) })]
    public partial class MessageStrict
    {
        public required string Id { get; init; }

        public required string Payload { get; init; }

        public required int Priority { get; init; }

        public required string Owner { get; init; }
    }

    /// <summary>A reading that may be NaN or infinite, keyed by a string that may hold any UTF-16.</summary>
    [Store(Keys = new[] { nameof(Name) })]
    public partial record Reading(string Name, double Value, float Ratio, double? Optional, IReadOnlyDictionary<string, double> Extra);
}

namespace StoreGen.Tests.Evolution
{
    /// <summary>Constructor defaults of every kind the codec must reproduce as C# when a snapshot lacks them.</summary>
    [Store(Keys = new[] { nameof(Id) })]
    public partial record Defaulted(
        string Id,
        Tier Tier = Tier.Pro,
        decimal Rate = 0.1234567890123456789012345678m,
        int Offset = -3,
        string Quote = "say \"hi\"\n",
        double Ratio = double.NaN,
        float Limit = float.NegativeInfinity,
        float Share = 0.3f,
        double Weight = 1e-300,
        long? Big = null,
        long Huge = long.MinValue,
        System.DayOfWeek Day = System.DayOfWeek.Friday,
        bool Enabled = true,
        [StoreFormerName("OldName"), StoreFormerName("older")] string? Renamed = "default");
}
