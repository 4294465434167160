using System;
using System.Collections.Generic;
using StoreGen;

namespace ErrorLog;

/// <summary>How severe an error is, as the rule that matched it says.</summary>
public enum Priority
{
    Low,
    Medium,
    High,
    Critical,
}

/// <summary>
/// A detected error, de-duplicated by <see cref="Fingerprint"/> (a unique index) and listed by namespace (an index).
/// <see cref="Count"/> counts the occurrences of its fingerprint.
/// </summary>
[Store(Keys = new[] { nameof(Id) })]
[Index(nameof(Fingerprint), Unique = true)]
[Index(nameof(Namespace))]
public partial record ErrorRecord(
    string Id,
    string Fingerprint,
    DateTimeOffset Timestamp,
    string Namespace,
    string Pod,
    string Container,
    string Message,
    Priority Priority,
    int Count,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    string RuleMatched,
    bool Remediated,
    DateTimeOffset? RemediatedAt,
    IReadOnlyDictionary<string, string>? Labels);

/// <summary>An action taken in response to an error, listed per error through the <see cref="ErrorId"/> index.</summary>
[Store(Keys = new[] { nameof(Id) })]
[Index(nameof(ErrorId))]
public partial record RemediationLog(
    string Id,
    string ErrorId,
    string Action,
    string Target,
    string Status,
    string Message,
    DateTimeOffset Timestamp,
    bool DryRun);

/// <summary>What to list: every set member is an AND condition; unset members match everything.</summary>
public sealed record ErrorFilter(
    string? Namespace = null,
    string? Pod = null,
    Priority? MinPriority = null,
    bool? Remediated = null,
    DateTimeOffset? Since = null,
    string? Search = null);

/// <summary>Aggregates over both stores; the last times are null while there is nothing.</summary>
public sealed record ErrorStats(
    int TotalErrors,
    IReadOnlyDictionary<Priority, int> ErrorsByPriority,
    IReadOnlyDictionary<string, int> ErrorsByNamespace,
    int RemediationCount,
    int SuccessfulActions,
    int FailedActions,
    DateTimeOffset? LastError,
    DateTimeOffset? LastRemediation);
