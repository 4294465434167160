using System;
using System.Collections.Generic;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using StoreGen.Hosting;

namespace StoreGen.Tests;

/// <summary>A host whose <c>STORE_BACKEND</c> names a <see cref="LiveBackendDouble"/> registered as <c>double</c>.</summary>
internal static class LiveHosts
{
    public static IHost Build(LiveBackendDouble backend, string policy = "merge", ListLogger? log = null, FakeTimeProvider? clock = null,
        Action<StoreGenHealthCheckOptions>? checks = null, string backendName = "double", Action<StoreGenBuilder>? extra = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["STORE_BACKEND"] = backendName,
            ["STORE_RESTORE_POLICY"] = policy,
        });
        if (log is not null)
        {
            builder.Logging.AddProvider(log);
        }
        if (clock is not null)
        {
            builder.Services.AddSingleton<TimeProvider>(clock);
        }
        var storegen = builder.Services.AddStoreGen().AddStore<InvoiceStore>().AddStore<IngressStore>()
            .AddLiveBackend("double", (_, _) => backend.Created())
            .AddHealthChecks(checks);
        extra?.Invoke(storegen);
        return builder.Build();
    }
}
