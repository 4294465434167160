using StoreGen;

namespace ResourceWatch;

/// <summary>A watched Kubernetes resource, indexed by (namespace, name): Get by both, Find by the namespace alone.</summary>
[Store(Keys = new[] { nameof(Namespace), nameof(Name) })]
public partial record Resource(string Namespace, string Name, string Kind, string Data);
