using System;
using StoreGen;

namespace QuickStart;

/// <summary>A Kubernetes Ingress as a resource watcher would cache it (the resource store's MemoryStore use case).</summary>
[Store(Keys = new[] { nameof(Namespace), nameof(Name) })]
[Index(nameof(Host))]
[Index(nameof(Uid), Unique = true)]
public partial record Ingress(string Namespace, string Name, string Host, int Port, Guid Uid);
