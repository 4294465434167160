using System;

namespace StoreGen.Persistence;

/// <summary>A snapshot document could not be read: corrupt, truncated, for other stores, or a newer format.</summary>
public sealed class SnapshotFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SnapshotFormatException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
