using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace StoreGen.Hosting;

/// <summary>What one run of <see cref="StoreGenHealthCheck"/> found: the facts (the result's data) and every cause of a worse status.</summary>
internal sealed class HealthFindings
{
    private readonly Dictionary<string, object> _data = new();
    private readonly List<(HealthStatus Status, string Cause)> _causes = new();

    /// <summary>Records a fact; null values are left out.</summary>
    public void Fact(string key, object? value)
    {
        if (value is not null)
        {
            _data[key] = value;
        }
    }

    /// <summary>Records why the status is at most <paramref name="status"/>.</summary>
    public void Cause(HealthStatus status, string cause) => _causes.Add((status, cause));

    /// <summary>
    /// The worst status found (unhealthy reported as <paramref name="failureStatus"/>, the registration's), described
    /// by its causes in one sentence, or by <paramref name="healthy"/> when there are none.
    /// </summary>
    public HealthCheckResult ToResult(HealthStatus failureStatus, string healthy)
    {
        if (_causes.Count == 0)
        {
            return HealthCheckResult.Healthy(healthy, _data);
        }
        var worst = _causes.Min(c => c.Status);
        string description = string.Join("; ", _causes.Where(c => c.Status == worst).Select(c => c.Cause)) + ".";
        return new HealthCheckResult(worst == HealthStatus.Unhealthy ? failureStatus : worst, description, exception: null, _data);
    }
}
