using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace StoreGen.Generators.Tests;

/// <summary>The pipeline must cache: unrelated edits re-run nothing, and no step output holds compiler objects.</summary>
public class IncrementalityTests
{
    private static readonly string[] TrackedSteps = { TrackingNames.Parse, TrackingNames.Diagnostics, TrackingNames.Models, TrackingNames.ClashingHintNames };

    [Fact]
    public void Rerun_on_a_cloned_compilation_is_fully_cached()
    {
        var compilation = GeneratorHarness.Compilation(GoldenCases.All["Indexes"]);
        var (_, _, driver) = GeneratorHarness.Run(compilation);
        var (second, _, _) = GeneratorHarness.Run((CSharpCompilation)compilation.Clone(), driver);
        AssertAllCached(second);
    }

    [Fact]
    public void Unrelated_edit_leaves_every_tracked_step_cached_or_unchanged()
    {
        var compilation = GeneratorHarness.Compilation(GoldenCases.All["Indexes"], "namespace Other { public class A { } }");
        var (first, _, driver) = GeneratorHarness.Run(compilation);
        Assert.Single(first.GeneratedTrees);

        var edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.Last(),
            CSharpSyntaxTree.ParseText("namespace Other { public class A { public int B => 1; } public class C { } }", GeneratorHarness.ParseOptions, path: "Input1.cs"));
        var (second, _, _) = GeneratorHarness.Run(edited, driver);
        AssertAllCached(second);
    }

    [Fact]
    public void Editing_the_entity_re_emits_and_changes_the_output()
    {
        var compilation = GeneratorHarness.Compilation(GoldenCases.All["SingleKey"]);
        var (first, _, driver) = GeneratorHarness.Run(compilation);
        var edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.Single(),
            CSharpSyntaxTree.ParseText(GoldenCases.All["SingleKey"].Replace("string Color);", "string Color) { public int Twice => 2; }"), GeneratorHarness.ParseOptions, path: "Input0.cs"));
        var (second, _, _) = GeneratorHarness.Run(edited, driver);
        var parse = second.Results.Single().TrackedSteps[TrackingNames.Parse].Single();
        // The parse runs again (the declaration changed) but the model is equal: a computed property is not stored,
        // indexed or persisted.
        Assert.All(parse.Outputs, o => Assert.Equal(IncrementalStepRunReason.Unchanged, o.Reason));
        Assert.Equal(first.GeneratedTrees.Single().ToString(), second.GeneratedTrees.Single().ToString());
    }

    [Fact]
    public void No_step_output_holds_symbols_syntax_or_compilations()
    {
        var (result, _, _) = GeneratorHarness.Run(GeneratorHarness.Compilation(GoldenCases.All["Indexes"], GoldenCases.All["Nested"]));
        foreach (var step in TrackedSteps)
        {
            foreach (var run in result.Results.Single().TrackedSteps[step])
            {
                foreach (var (value, _) in run.Outputs)
                {
                    AssertNoCompilerObjects(value, step, new HashSet<object>(ReferenceEqualityComparer.Instance));
                }
            }
        }
    }

    private static void AssertAllCached(GeneratorDriverRunResult result)
    {
        var steps = result.Results.Single().TrackedSteps;
        foreach (var name in TrackedSteps)
        {
            Assert.True(steps.ContainsKey(name), $"step {name} was not tracked");
            Assert.All(steps[name].SelectMany(s => s.Outputs), o =>
                Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{name}: {o.Reason}"));
        }
    }

    private static void AssertNoCompilerObjects(object? value, string step, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value))
        {
            return;
        }
        Assert.False(value is ISymbol or SyntaxNode or Compilation or SemanticModel or SyntaxTree,
            $"step {step} output holds a {value.GetType().Name}");
        if (value is DiagnosticDescriptor or Microsoft.CodeAnalysis.Text.TextSpan or Microsoft.CodeAnalysis.Text.LinePositionSpan)
        {
            return;
        }
        if (value is IEnumerable sequence)
        {
            foreach (var item in sequence)
            {
                AssertNoCompilerObjects(item, step, seen);
            }
        }
        foreach (var field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            AssertNoCompilerObjects(field.GetValue(value), step, seen);
        }
    }
}
