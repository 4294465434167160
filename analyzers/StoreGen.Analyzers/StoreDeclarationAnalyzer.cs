using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using StoreGen.Diagnostics;

namespace StoreGen.Analyzers;

/// <summary>
/// Checks [Store] types for what will bite at run time rather than block generation: keys without value equality
/// (SG0011), key or indexed members that can change after storing (SG0012), and mutable state shared across threads
/// (SG0014). A store name taken by another type (SG0013) blocks generation, so the generator reports it.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class StoreDeclarationAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property naming the mechanical fix a code fix may apply.</summary>
    public const string FixProperty = "Fix";
    public const string FixInit = "Init";
    public const string FixFieldToInitProperty = "FieldToInitProperty";
    public const string FixReadonlyStruct = "ReadonlyStruct";
    public const string FixReadOnlyList = "ReadOnlyList";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.KeyWithoutValueEquality,
        DiagnosticDescriptors.MutableKeyMember,
        DiagnosticDescriptors.MutableEntityState);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (KnownTypes.Create(start.Compilation) is not { } known)
            {
                return;
            }
            start.RegisterSymbolAction(symbol => Analyze(symbol, known), SymbolKind.NamedType);
        });
    }

    private static void Analyze(SymbolAnalysisContext context, KnownTypes known)
    {
        var entity = (INamedTypeSymbol)context.Symbol;
        if (StoreDeclaration.Read(entity, known) is not { } declaration)
        {
            return;
        }
        // A key whose type has no value equality gets SG0011 only; its type is not reported again as mutable state.
        var typeReported = new HashSet<ISymbol>(declaration.Keys.Where(key => CheckKeyEquality(context, entity, key)), SymbolEqualityComparer.Default);
        var checkedMembers = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var member in declaration.Keys.Concat(declaration.Indexed))
        {
            checkedMembers.Add(member);
            if (Mutability.WhyMemberMutable(member) is not null && SourceLocation(member) is { } location)
            {
                var (fix, advice) = ReassignmentFix(member);
                string role = declaration.Keys.Contains(member, SymbolEqualityComparer.Default) ? "Key" : "Indexed";
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MutableKeyMember, location, Fix(fix),
                    entity.Name, member.Name, role, advice));
            }
        }
        foreach (var member in Mutability.InstanceMembers(entity))
        {
            CheckState(context, entity, member, reassignment: !checkedMembers.Contains(member), type: !typeReported.Contains(member));
        }
    }

    /// <summary>Reports SG0011 for <paramref name="key"/> if its type lacks value equality; returns whether it did.</summary>
    private static bool CheckKeyEquality(SymbolAnalysisContext context, INamedTypeSymbol entity, ISymbol key)
    {
        var type = StoreDeclaration.TypeOf(key);
        string? problem = type switch
        {
            null => null,
            IArrayTypeSymbol => "is an array, compared by reference",
            { SpecialType: SpecialType.System_Object } => "is object, compared by reference unless every value stored in it overrides Equals",
            INamedTypeSymbol { TypeKind: TypeKind.Class, IsRecord: false, SpecialType: SpecialType.None } cls when !OverridesEquality(cls) =>
                "is a class without Equals and GetHashCode, compared by reference",
            INamedTypeSymbol { TypeKind: TypeKind.Struct, IsReadOnly: false, SpecialType: SpecialType.None } st
                when SymbolEqualityComparer.Default.Equals(st.ContainingAssembly, context.Compilation.Assembly)
                    && Mutability.InstanceMembers(st).Any(m => Mutability.WhyMemberMutable(m) is not null) =>
                "is a mutable struct",
            _ => null,
        };
        if (problem is not null && SourceLocation(key) is { } location)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.KeyWithoutValueEquality, location,
                entity.Name, key.Name, type!.ToDisplayString(), problem));
            return true;
        }
        return false;
    }

    private static bool OverridesEquality(INamedTypeSymbol type)
    {
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            if (current.GetMembers("Equals").OfType<IMethodSymbol>().Any(m => m.IsOverride && m.Parameters.Length == 1)
                && current.GetMembers("GetHashCode").OfType<IMethodSymbol>().Any(m => m.IsOverride))
            {
                return true;
            }
        }
        return false;
    }

    private static void CheckState(SymbolAnalysisContext context, INamedTypeSymbol entity, ISymbol member, bool reassignment, bool type)
    {
        if (SourceLocation(member) is not { } location)
        {
            return;
        }
        if (reassignment && Mutability.WhyMemberMutable(member) is { } why)
        {
            var (fix, advice) = ReassignmentFix(member);
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MutableEntityState, location, Fix(fix),
                entity.Name, member.Name, why, advice));
        }
        if (type && StoreDeclaration.TypeOf(member) is { } memberType && Mutability.WhyMutable(memberType, context.Compilation) is { } whyType)
        {
            bool mechanical = Mutability.IsListLike(memberType);
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MutableEntityState, location,
                mechanical ? Fix(FixReadOnlyList) : ImmutableDictionary<string, string?>.Empty,
                entity.Name, member.Name, whyType,
                mechanical ? "declare it IReadOnlyList<T> (or ImmutableArray<T>) and build it once" : "use an immutable type"));
        }
    }

    /// <summary>How to stop a member being reassigned: init accessor, readonly field, or a readonly record struct.</summary>
    private static (string Fix, string Advice) ReassignmentFix(ISymbol member)
    {
        bool positional = member.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is ParameterSyntax);
        return member switch
        {
            IPropertySymbol when positional => (FixReadonlyStruct, $"declare '{member.ContainingType.Name}' as a readonly record struct"),
            IPropertySymbol => (FixInit, "make the setter 'init'"),
            _ => (FixFieldToInitProperty, "make it an init-only property"),
        };
    }

    /// <summary>The member's declaration in source (a positional record parameter for record primary-constructor properties).</summary>
    private static Location? SourceLocation(ISymbol member) => member.Locations.FirstOrDefault(l => l.IsInSource);

    private static ImmutableDictionary<string, string?> Fix(string fix) =>
        ImmutableDictionary<string, string?>.Empty.Add(FixProperty, fix);
}
