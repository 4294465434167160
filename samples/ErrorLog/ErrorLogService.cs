using System;
using System.Collections.Generic;
using StoreGen;

namespace ErrorLog;

/// <summary>
/// The error-log store's interface over two generated stores: errors and remediation logs. Every method is safe to
/// call concurrently; the generated stores need no further locking. Not found is null, never an error.
/// </summary>
public sealed class ErrorLogService(ErrorRecordStore errors, RemediationLogStore logs, TimeProvider clock)
{
    /// <summary>Stores a new error: an ID if it has none, Timestamp/FirstSeen/LastSeen now, Count 1.</summary>
    public ErrorRecord SaveError(ErrorRecord error)
    {
        var now = clock.GetUtcNow();
        var stored = error with
        {
            Id = string.IsNullOrEmpty(error.Id) ? NewId() : error.Id,
            Timestamp = now,
            FirstSeen = now,
            LastSeen = now,
            Count = 1,
        };
        errors.Upsert(stored);
        return stored;
    }

    /// <summary>
    /// Records one occurrence: a new error for a new fingerprint, else the stored error's Count + 1 and LastSeen now,
    /// atomically (concurrent occurrences are never lost). Two first occurrences racing: the second finds the first.
    /// </summary>
    public ErrorRecord RecordOccurrence(ErrorRecord error)
    {
        for (int attempt = 0; ; attempt++)
        {
            if (errors.GetByFingerprint(error.Fingerprint) is { } seen)
            {
                var now = clock.GetUtcNow();
                var counted = errors.Update(ErrorRecordStore.KeyOf(seen), current => current is null ? null : current with { Count = current.Count + 1, LastSeen = now });
                if (counted is not null)
                {
                    return counted;
                }
            }
            try
            {
                return SaveError(error);
            }
            catch (StoreException) when (attempt < 2 && errors.GetByFingerprint(error.Fingerprint) is not null)
            {
                // another caller stored this fingerprint first: count this occurrence on its error
            }
        }
    }

    /// <summary>The error with this ID, or null.</summary>
    public ErrorRecord? GetError(string id) => errors.Get(id);

    /// <summary>The error with this fingerprint, or null (for de-duplication).</summary>
    public ErrorRecord? GetErrorByFingerprint(string fingerprint) => errors.GetByFingerprint(fingerprint);

    /// <summary>
    /// Errors matching every set filter member, newest (LastSeen) first, paged: limit 0 is all, an offset past the
    /// end is an empty page; the total counts every match.
    /// </summary>
    public Page<ErrorRecord> ListErrors(ErrorFilter filter, int offset = 0, int limit = 0)
    {
        var query = errors.Query();
        if (!string.IsNullOrEmpty(filter.Namespace))
        {
            query = query.WhereNamespace(filter.Namespace);
        }
        if (!string.IsNullOrEmpty(filter.Pod))
        {
            query = query.Where(e => e.Pod == filter.Pod);
        }
        if (filter.MinPriority is { } priority)
        {
            query = query.Where(e => e.Priority >= priority);
        }
        if (filter.Remediated is { } remediated)
        {
            query = query.Where(e => e.Remediated == remediated);
        }
        if (filter.Since is { } since)
        {
            query = query.Where(e => e.LastSeen > since);
        }
        return query.Search(filter.Search, e => e.Message).OrderByDescending(e => e.LastSeen).ToPage(offset, limit);
    }

    /// <summary>Replaces a stored error (same ID); false, storing nothing, when there is none.</summary>
    public bool UpdateError(ErrorRecord error) =>
        errors.Update(ErrorRecordStore.KeyOf(error), current => current is null ? null : error) is not null;

    /// <summary>Removes the error with this ID; false if there was none.</summary>
    public bool DeleteError(string id) => errors.Remove(id);

    /// <summary>Removes every error last seen before <paramref name="before"/>, atomically; returns how many.</summary>
    public int DeleteOldErrors(DateTimeOffset before) => errors.RemoveWhere(e => e.LastSeen < before);

    /// <summary>Stores a remediation log entry: an ID if it has none, Timestamp now if unset.</summary>
    public RemediationLog SaveRemediationLog(RemediationLog log)
    {
        var stored = log with
        {
            Id = string.IsNullOrEmpty(log.Id) ? NewId() : log.Id,
            Timestamp = log.Timestamp == default ? clock.GetUtcNow() : log.Timestamp,
        };
        logs.Upsert(stored);
        return stored;
    }

    /// <summary>The remediation log entry with this ID, or null.</summary>
    public RemediationLog? GetRemediationLog(string id) => logs.Get(id);

    /// <summary>Every remediation log entry, newest first, paged like <see cref="ListErrors"/>.</summary>
    public Page<RemediationLog> ListRemediationLogs(int offset = 0, int limit = 0) =>
        logs.Query().OrderByDescending(l => l.Timestamp).ToPage(offset, limit);

    /// <summary>The remediation log entries of one error (through the ErrorId index), newest first.</summary>
    public IReadOnlyList<RemediationLog> ListRemediationLogsForError(string errorId) =>
        logs.Query().WhereErrorId(errorId).OrderByDescending(l => l.Timestamp).ToList();

    /// <summary>Removes every remediation log entry older than <paramref name="before"/>; returns how many.</summary>
    public int DeleteOldRemediationLogs(DateTimeOffset before) => logs.RemoveWhere(l => l.Timestamp < before);

    /// <summary>Aggregates, each over one consistent snapshot of its store.</summary>
    public ErrorStats GetStats()
    {
        var errorQuery = errors.Snapshot().Query();
        var logQuery = logs.Snapshot().Query();
        var byStatus = logQuery.CountBy(l => l.Status);
        return new ErrorStats(
            errorQuery.Count(),
            errorQuery.CountBy(e => e.Priority),
            errorQuery.CountBy(e => e.Namespace),
            logQuery.Count(),
            byStatus.GetValueOrDefault("success"),
            byStatus.GetValueOrDefault("failed"),
            errorQuery.Max(e => e.LastSeen),
            logQuery.Max(l => l.Timestamp));
    }

    private static string NewId() => Guid.NewGuid().ToString("N");
}
