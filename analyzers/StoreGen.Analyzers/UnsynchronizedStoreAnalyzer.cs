using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using StoreGen.Diagnostics;

namespace StoreGen.Analyzers;

/// <summary>
/// SG0015: a hand-written class that implements StoreGen's store contract (<c>IIndexedStore</c>) keeps its items in
/// non-concurrent collections and writes them with no synchronization anywhere in the class — the hand-written Go stores' bug
/// without their RWMutex. Any lock, Monitor, Interlocked or Volatile call, lock-type field, or concurrent or
/// immutable collection field counts as synchronization: the analyzer does not try to prove the locking correct,
/// only flags its total absence.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnsynchronizedStoreAnalyzer : DiagnosticAnalyzer
{
    private static readonly ImmutableHashSet<string> MutatingMethods = ImmutableHashSet.Create(
        "Add", "AddRange", "Remove", "RemoveAt", "RemoveAll", "RemoveRange", "RemoveWhere", "Clear", "Insert",
        "InsertRange", "TryAdd", "Enqueue", "Dequeue", "Push", "Pop", "Sort", "Reverse", "UnionWith", "ExceptWith",
        "IntersectWith", "TrimExcess", "EnsureCapacity", "set_Item");

    private static readonly ImmutableHashSet<string> SynchronizationTypes = ImmutableHashSet.Create(
        "System.Threading.Interlocked", "System.Threading.Volatile", "System.Threading.Monitor",
        "System.Threading.ReaderWriterLockSlim", "System.Threading.ReaderWriterLock", "System.Threading.SemaphoreSlim",
        "System.Threading.Mutex", "System.Threading.SpinLock", "System.Threading.Lock");

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.UnsynchronizedStore);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (KnownTypes.Create(start.Compilation) is not { IndexedStore: { } contract } known)
            {
                return;
            }
            start.RegisterSymbolStartAction(symbolStart =>
            {
                var type = (INamedTypeSymbol)symbolStart.Symbol;
                if (type.TypeKind != TypeKind.Class || known.IsGeneratedByStoreGen(type)
                    || !type.AllInterfaces.Contains(contract, SymbolEqualityComparer.Default))
                {
                    return;
                }
                var state = new TypeState(type);
                symbolStart.RegisterOperationAction(op => state.Synchronized = true, OperationKind.Lock);
                symbolStart.RegisterOperationAction(op => state.Observe(op.Operation), OperationKind.Invocation, OperationKind.SimpleAssignment, OperationKind.FieldReference);
                symbolStart.RegisterSymbolEndAction(end => state.Report(end, contract));
            }, SymbolKind.NamedType);
        });
    }

    /// <summary>What one candidate type does; operation callbacks may run concurrently.</summary>
    private sealed class TypeState
    {
        private readonly INamedTypeSymbol _type;
        private readonly ConcurrentDictionary<IFieldSymbol, string> _writtenCollections = new(SymbolEqualityComparer.Default);
        private volatile bool _synchronized;

        public TypeState(INamedTypeSymbol type)
        {
            _type = type;
            _synchronized = type.GetMembers().OfType<IFieldSymbol>().Any(f => IsSynchronizingType(f.Type));
        }

        public bool Synchronized
        {
            set => _synchronized = value;
        }

        public void Observe(IOperation operation)
        {
            switch (operation)
            {
                case IInvocationOperation invocation:
                    if (SynchronizationTypes.Contains(invocation.TargetMethod.ContainingType.ToDisplayString()))
                    {
                        _synchronized = true;
                    }
                    else if (MutatingMethods.Contains(invocation.TargetMethod.Name) && OwnCollectionField(invocation.Instance) is { } field)
                    {
                        _writtenCollections.TryAdd(field, invocation.TargetMethod.Name);
                    }
                    break;
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.IsIndexer: true } indexer }
                    when OwnCollectionField(indexer.Instance) is { } field:
                    _writtenCollections.TryAdd(field, "indexer set");
                    break;
                case IFieldReferenceOperation reference when IsSynchronizingType(reference.Field.Type):
                    _synchronized = true;
                    break;
            }
        }

        public void Report(SymbolAnalysisContext context, INamedTypeSymbol contract)
        {
            if (_synchronized)
            {
                return;
            }
            foreach (var pair in _writtenCollections.OrderBy(p => p.Key.Name, System.StringComparer.Ordinal))
            {
                var location = pair.Key.Locations.FirstOrDefault(l => l.IsInSource) ?? _type.Locations.FirstOrDefault();
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnsynchronizedStore, location,
                    _type.Name, contract.Name, pair.Key.Name, $"{pair.Key.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}, {pair.Value}"));
            }
        }

        private IFieldSymbol? OwnCollectionField(IOperation? instance) =>
            instance is IFieldReferenceOperation { Field: { IsStatic: false } field }
            && SymbolEqualityComparer.Default.Equals(field.ContainingType, _type)
            && Mutability.IsMutableCollection(field.Type)
                ? field
                : null;

        private static bool IsSynchronizingType(ITypeSymbol type)
        {
            string name = type.OriginalDefinition.ToDisplayString();
            string ns = type.ContainingNamespace?.ToDisplayString() ?? "";
            return SynchronizationTypes.Contains(name)
                || ns is "System.Collections.Concurrent" or "System.Collections.Immutable" or "System.Collections.Frozen";
        }
    }
}
