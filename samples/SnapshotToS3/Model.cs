using System;
using StoreGen;

namespace SnapshotToS3;

/// <summary>
/// A Crossplane claim, as the claims/XR cache's poller lists it. Keyed by (GVR, namespace, name), so one poll's result for
/// one GVR replaces exactly that GVR's claims (<c>ReplaceAll(gvr, items)</c>, the Go store's <c>ReplaceClaims(gvr, items)</c>).
/// </summary>
[Store(Keys = new[] { nameof(Gvr), nameof(Namespace), nameof(Name) })]
[Index(nameof(Kind))]
[Index(nameof(ResourceName))]
public partial record ClaimInfo(string Gvr, string Namespace, string Name, string Kind, string ResourceName, bool Ready,
    DateTimeOffset CreatedAt, string? Composition = null);

/// <summary>A composite resource (XR): cluster-scoped, keyed by (GVR, name); claims point at it by name.</summary>
[Store(Keys = new[] { nameof(Gvr), nameof(Name) })]
[Index(nameof(Name))]
[Index(nameof(Composition))]
public partial record XrInfo(string Gvr, string Name, string Kind, string Composition, bool Ready, DateTimeOffset CreatedAt);
