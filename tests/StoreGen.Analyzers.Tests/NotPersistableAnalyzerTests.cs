using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace StoreGen.Analyzers.Tests;

/// <summary>
/// SG0019 comes from an analyzer on the type's name in source (not from the generator), so the usual suppressions
/// work; the generator still writes a codec that refuses to persist the type.
/// </summary>
public class NotPersistableAnalyzerTests
{
    private const string Lost = "'Created' is a get-only property that no constructor parameter sets, so a restore would lose its value; make it a constructor parameter or init-settable, or compute it (an expression-bodied property is not persisted)";

    private static string Widget(string name) => $$"""
        using StoreGen;
        namespace Demo;
        [Store(Keys = new[] { nameof(Id) })]
        public partial class {{name}}
        {
            public {{name.Trim('{', '|', '#', '0', ':', '}')}}(string id) => Id = id;
            public string Id { get; }
            public long Created { get; } = 1;
        }
        """;

    private static DiagnosticResult NotPersistable(string type, string reason) =>
        new DiagnosticResult("SG0019", DiagnosticSeverity.Warning).WithLocation(0).WithMessage($"'{type}' works in memory but cannot be persisted: {reason}");

    [Fact]
    public Task State_a_restore_would_lose_is_reported_on_the_type_name() =>
        StoreGenAnalyzerTest.VerifyAsync(Widget("{|#0:Widget|}"), NotPersistable("Widget", Lost));

    [Fact]
    public Task A_pragma_suppresses_it() =>
        StoreGenAnalyzerTest.VerifyAsync("#pragma warning disable SG0019\n" + Widget("Widget"));

    [Fact]
    public Task A_StoreSerializable_type_with_clashing_JSON_names_is_reported_once_even_beside_Store() =>
        StoreGenAnalyzerTest.VerifyAsync("""
            using StoreGen;
            namespace Demo;
            [StoreSerializable]
            public sealed record {|#0:Part|}(string Name, string name);
            [Store(Keys = new[] { nameof(Id) }), StoreSerializable]
            public partial record Holder(string Id, Part Part);
            """,
            NotPersistable("Part", "'Name' and 'name' are both written as 'name' (JSON names are camel-cased), so a restore would lose one of them; rename one"));

    [Fact]
    public Task A_type_the_generator_refuses_gets_only_its_error()
    {
        // Generic: SG0007 (the generator's error) and no codec, so no SG0019 beside it.
        var test = new StoreGenAnalyzerTest
        {
            TestCode = """
                using StoreGen;
                namespace Demo;
                [Store(Keys = new[] { nameof(Id) })]
                public partial class {|#0:Box|}<T>
                {
                    public string Id { get; init; } = "";
                    public T Value { get; } = default!;
                }
                """,
        };
        test.ExpectedDiagnostics.Add(new DiagnosticResult("SG0007", DiagnosticSeverity.Error).WithLocation(0)
            .WithMessage("'Box' is generic or nested in a generic type; StoreGen needs a closed, non-generic entity type"));
        return test.RunAsync();
    }
}
