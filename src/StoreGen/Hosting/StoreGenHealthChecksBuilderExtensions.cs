using System;
using System.Collections.Generic;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StoreGen.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="StoreGenHealthCheck"/> with the host's health checks.</summary>
public static class StoreGenHealthChecksBuilderExtensions
{
    /// <summary>The check's default name.</summary>
    public const string DefaultName = "storegen";

    /// <summary>
    /// Adds the StoreGen health check to <paramref name="builder"/> (<c>services.AddHealthChecks().AddStoreGen()</c>).
    /// <paramref name="failureStatus"/> is reported instead of unhealthy (default unhealthy); <paramref name="tags"/>
    /// filter it in <c>MapHealthChecks</c>; <paramref name="configure"/> sets the thresholds.
    /// </summary>
    public static IHealthChecksBuilder AddStoreGen(this IHealthChecksBuilder builder, string name = DefaultName,
        Action<StoreGenHealthCheckOptions>? configure = null, HealthStatus? failureStatus = null, IEnumerable<string>? tags = null, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var options = new StoreGenHealthCheckOptions();
        configure?.Invoke(options);
        options.Validate();
        return builder.Add(new HealthCheckRegistration(name, services => new StoreGenHealthCheck(services, options), failureStatus, tags, timeout));
    }

    /// <summary>
    /// Adds the host's health checks (<c>services.AddHealthChecks()</c>) with the StoreGen check:
    /// <c>services.AddStoreGen().AddStore&lt;FlagStore&gt;().AddHealthChecks()</c>. See <see cref="AddStoreGen"/>.
    /// </summary>
    public static StoreGenBuilder AddHealthChecks(this StoreGenBuilder builder, Action<StoreGenHealthCheckOptions>? configure = null,
        string name = DefaultName, HealthStatus? failureStatus = null, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddHealthChecks().AddStoreGen(name, configure, failureStatus, tags);
        return builder;
    }
}
