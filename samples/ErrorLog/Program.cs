using System;
using System.Linq;
using System.Threading.Tasks;
using ErrorLog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using StoreGen.Hosting;
using StoreGen.Persistence;

// The error-log store of a Kubernetes error detector: errors de-duplicated by fingerprint, listed with filters and
// pages, retained by age, with remediation logs and statistics. Two generated stores, no server: in memory by
// default, or STORE_BACKEND=file (STORE_FILE_PATH) for the embedded file snapshot. Each line shows one behaviour.
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services
    .AddStoreGen(defaults => { defaults.Backend = "memory"; defaults.FilePath = "storegen-data/errorlog.json"; })
    .AddStore<ErrorRecordStore>()
    .AddStore<RemediationLogStore>();
using var host = builder.Build();
await host.StartAsync();
var persistence = host.Services.GetRequiredService<StorePersistence>();
var errors = host.Services.GetRequiredService<ErrorRecordStore>();
var logs = host.Services.GetRequiredService<RemediationLogStore>();
var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
var service = new ErrorLogService(errors, logs, clock);
Console.WriteLine(persistence.Outcome == RestoreOutcome.Restored
    ? $"restored      {errors.Count} errors and {logs.Count} remediation logs from {persistence.Options.FilePath}"
    : $"backend       {persistence.Options.Backend}");
if (persistence.Outcome == RestoreOutcome.Restored)
{
    errors.Clear();   // the sample starts from nothing each run, whatever the previous run left
    logs.Clear();
}

// SaveError stamps the ID and the times; not found is null, never an error.
var timeout = service.SaveError(Error("fp-timeout", "shop", "cart-1", "connection TIMEOUT to db", Priority.High));
Console.WriteLine($"SaveError     id {(timeout.Id.Length == 32 ? "generated" : timeout.Id)}, Count {timeout.Count}, FirstSeen {timeout.FirstSeen:HH:mm}, LastSeen {timeout.LastSeen:HH:mm}");
Console.WriteLine($"GetError      {service.GetError(timeout.Id)?.Message} | missing -> {service.GetError("nope")?.Message ?? "null"}");
clock.Advance(TimeSpan.FromMinutes(1));
var oom = service.SaveError(Error("fp-oom", "default", "api-0", "OOMKilled", Priority.Critical));
clock.Advance(TimeSpan.FromMinutes(1));
var probe = service.SaveError(Error("fp-probe", "default", "web-2", "readiness probe failed", Priority.Low));
clock.Advance(TimeSpan.FromMinutes(1));
service.SaveError(Error("fp-lock", "shop", "cart-2", "Timeout waiting for lock", Priority.Medium));

// De-duplication: every occurrence of a fingerprint counts on one error, atomically, however many writers.
clock.Advance(TimeSpan.FromMinutes(1));
Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
{
    for (int n = 0; n < 2_000; n++)
    {
        service.RecordOccurrence(Error("fp-timeout", "shop", "cart-1", "connection TIMEOUT to db", Priority.High));
    }
});
var counted = service.GetErrorByFingerprint("fp-timeout")!;
Console.WriteLine($"dedup         16000 concurrent occurrences -> {errors.Count} errors, fp-timeout Count {counted.Count}, LastSeen {counted.LastSeen:HH:mm}");

// ListErrors: AND filters, case-insensitive search, newest first, paging with the total.
Console.WriteLine($"list all      {Ids(service.ListErrors(new ErrorFilter()))} (newest first, limit 0 = all)");
Console.WriteLine($"search        \"timeout\" -> {Ids(service.ListErrors(new ErrorFilter(Search: "timeout")))}");
Console.WriteLine($"AND filters   shop + High+ + \"timeout\" -> {Ids(service.ListErrors(new ErrorFilter(Namespace: "shop", MinPriority: Priority.High, Search: "timeout")))}");
Console.WriteLine($"page          offset 1 limit 2 -> {Ids(service.ListErrors(new ErrorFilter(), offset: 1, limit: 2))}");
Console.WriteLine($"past the end  offset 10 -> {Ids(service.ListErrors(new ErrorFilter(), offset: 10, limit: 2))}");

// UpdateError replaces a stored error; an unknown one is not stored.
Console.WriteLine($"UpdateError   remediated {service.UpdateError(oom with { Remediated = true, RemediatedAt = clock.GetUtcNow() })}, unknown {service.UpdateError(oom with { Id = "nope" })}, unknown stored {service.GetError("nope") is not null}");
Console.WriteLine($"remediated    filter -> {Ids(service.ListErrors(new ErrorFilter(Remediated: true)))}");

// Remediation logs: saved, fetched, listed paged and per error.
var restart = service.SaveRemediationLog(Log(oom.Id, "restart", "success"));
clock.Advance(TimeSpan.FromMinutes(1));
service.SaveRemediationLog(Log(oom.Id, "scale", "failed"));
clock.Advance(TimeSpan.FromMinutes(1));
service.SaveRemediationLog(Log(probe.Id, "restart", "skipped"));
Console.WriteLine($"remediation   saved {logs.Count}, get {service.GetRemediationLog(restart.Id)?.Action}, page 1 of 2 -> {string.Join(", ", service.ListRemediationLogs(0, 2).Items.Select(l => l.Action + "/" + l.Status))} of {service.ListRemediationLogs(0, 2).Total}");
Console.WriteLine($"per error     {oom.Fingerprint} -> {string.Join(", ", service.ListRemediationLogsForError(oom.Id).Select(l => l.Action))}");

// Statistics over one snapshot of each store.
var stats = service.GetStats();
Console.WriteLine($"GetStats      {stats.TotalErrors} errors ({string.Join(", ", stats.ErrorsByNamespace.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}"))}), {stats.RemediationCount} remediations ({stats.SuccessfulActions} ok, {stats.FailedActions} failed), last error {stats.LastError:HH:mm}, last remediation {stats.LastRemediation:HH:mm}");

// Retention and deletes.
Console.WriteLine($"DeleteOld     before 12:02 -> {service.DeleteOldErrors(new DateTimeOffset(2026, 3, 1, 12, 2, 0, TimeSpan.Zero))} removed, {errors.Count} left");
Console.WriteLine($"DeleteError   {service.DeleteError(probe.Id)}, again {service.DeleteError(probe.Id)}; logs older than 12:06 -> {service.DeleteOldRemediationLogs(new DateTimeOffset(2026, 3, 1, 12, 6, 0, TimeSpan.Zero))} removed");
var empty = new ErrorLogService(new ErrorRecordStore(), new RemediationLogStore(), clock).GetStats();
Console.WriteLine($"empty stats   last error {(empty.LastError is null ? "null" : "set")}, last remediation {(empty.LastRemediation is null ? "null" : "set")}");

// Close: stopping the host persists (with STORE_BACKEND=file) and releases the stores.
await host.StopAsync();
Console.WriteLine(persistence.Options.Backend == "file"
    ? $"Close         persisted {errors.Count} errors and {logs.Count} remediation logs to {persistence.Options.FilePath}"
    : "Close         stopped (in memory: nothing persisted)");

static ErrorRecord Error(string fingerprint, string ns, string pod, string message, Priority priority) =>
    new("", fingerprint, default, ns, pod, "main", message, priority, 0, default, default, "default-rule", false, null, null);

static RemediationLog Log(string errorId, string action, string status) =>
    new("", errorId, action, "default/" + action, status, action + " " + status, default, DryRun: false);

static string Ids(StoreGen.Page<ErrorRecord> page) =>
    $"[{string.Join(", ", page.Items.Select(e => e.Fingerprint))}] of {page.Total}";
