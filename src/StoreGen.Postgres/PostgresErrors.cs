using System;
using Npgsql;

namespace StoreGen.Postgres;

/// <summary>
/// Which PostgreSQL errors are worth retrying. A lost or refused connection, a timeout, a serialization failure or
/// deadlock (40001, 40P01), a server shutting down (57P01…) or short of resources is transient. A data exception
/// (class 22, e.g. 22021 for a NUL character in text), an integrity violation (class 23) or a value beyond a limit
/// (class 54) is permanent: the same statement fails the same way every time.
/// </summary>
internal static class PostgresErrors
{
    public static bool IsTransient(Exception error) =>
        error is NpgsqlException or System.IO.IOException or TimeoutException && !IsPermanent(error);

    public static bool IsPermanent(Exception error) =>
        error is PostgresException { SqlState: var state } && (state.StartsWith("22", StringComparison.Ordinal) || state.StartsWith("23", StringComparison.Ordinal) || state.StartsWith("54", StringComparison.Ordinal));
}
