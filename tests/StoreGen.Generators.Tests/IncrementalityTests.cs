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
    /// <summary>Every step name the pipeline declares: all public constants of <see cref="TrackingNames"/>.</summary>
    private static readonly string[] TrackedSteps = typeof(TrackingNames)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(field => field.IsLiteral && field.FieldType == typeof(string))
        .Select(field => (string)field.GetRawConstantValue()!)
        .ToArray();

    public static TheoryData<string> Cases => new(GoldenCases.All.Keys);

    [Fact]
    public void Every_declared_step_is_tracked_in_some_golden_case()
    {
        Assert.NotEmpty(TrackedSteps);
        var seen = GoldenCases.All.Values
            .SelectMany(source => GeneratorHarness.Run(GeneratorHarness.Compilation(source)).Result.Results.Single().TrackedSteps.Keys)
            .ToHashSet();
        Assert.All(TrackedSteps, name => Assert.True(seen.Contains(name), $"step {name} is declared but no golden case tracks it"));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Rerun_on_a_cloned_compilation_is_fully_cached(string name)
    {
        var compilation = GeneratorHarness.Compilation(GoldenCases.All[name]);
        var (first, _, driver) = GeneratorHarness.Run(compilation);
        var (second, _, _) = GeneratorHarness.Run((CSharpCompilation)compilation.Clone(), driver);
        AssertAllCached(second);
        Assert.Equal(GeneratedTexts(first), GeneratedTexts(second));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Unrelated_edit_leaves_every_tracked_step_cached_or_unchanged(string name)
    {
        var compilation = GeneratorHarness.Compilation(GoldenCases.All[name], "namespace Other { public class A { } }");
        var (first, _, driver) = GeneratorHarness.Run(compilation);

        var edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.Last(),
            CSharpSyntaxTree.ParseText("namespace Other { public class A { public int B => 1; } public class C { } }", GeneratorHarness.ParseOptions, path: "Input1.cs"));
        var (second, _, _) = GeneratorHarness.Run(edited, driver);
        AssertAllCached(second);
        Assert.Equal(GeneratedTexts(first), GeneratedTexts(second));
    }

    [Fact]
    public void Moving_a_diagnostic_keeps_the_serializable_step_cached_and_the_codecs_identical()
    {
        // A golden case with [StoreSerializable] types, plus a malformed store that reports SG0003.
        var source = GoldenCases.All["CodecCollectionsAndNested"] + "\n[Store(Keys = new[] { \"Id\", \"Nope\" })]\npublic partial record Widget(string Id);\n";
        var compilation = GeneratorHarness.Compilation(source);
        var (first, _, driver) = GeneratorHarness.Run(compilation);
        Assert.True(first.Results.Single().TrackedSteps.ContainsKey(TrackingNames.Serializable), "the [StoreSerializable] pipeline has no tracked step");

        // Every declaration, and so the diagnostic, moves two lines down; nothing that is emitted changes.
        var edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.Single(),
            CSharpSyntaxTree.ParseText("// an unrelated comment\n// and another\n" + source, GeneratorHarness.ParseOptions, path: "Input0.cs"));
        var (second, _, _) = GeneratorHarness.Run(edited, driver);

        Assert.Equal(Line(first, "SG0003") + 2, Line(second, "SG0003"));
        var serializable = second.Results.Single().TrackedSteps[TrackingNames.Serializable];
        Assert.NotEmpty(serializable);
        Assert.All(serializable.SelectMany(step => step.Outputs), output =>
            Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{TrackingNames.Serializable}: {output.Reason}"));
        Assert.Contains(first.GeneratedTrees, tree => tree.FilePath.EndsWith(".Codec.g.cs", StringComparison.Ordinal));
        Assert.Equal(GeneratedTexts(first), GeneratedTexts(second));
    }

    private static int Line(GeneratorDriverRunResult result, string id) =>
        Assert.Single(result.Diagnostics, d => d.Id == id).Location.GetLineSpan().StartLinePosition.Line;

    [Theory]
    [MemberData(nameof(Cases))]
    public void No_step_output_holds_symbols_syntax_or_compilations(string name)
    {
        var (result, _, _) = GeneratorHarness.Run(GeneratorHarness.Compilation(GoldenCases.All[name]));
        var steps = result.Results.Single().TrackedSteps;
        foreach (var step in TrackedSteps.Where(steps.ContainsKey))
        {
            foreach (var run in steps[step])
            {
                foreach (var (value, _) in run.Outputs)
                {
                    AssertNoCompilerObjects(value, step, new HashSet<object>(ReferenceEqualityComparer.Instance));
                }
            }
        }
    }

    /// <summary>Every declared step the run tracked produced only cached or unchanged outputs.</summary>
    private static void AssertAllCached(GeneratorDriverRunResult result)
    {
        var steps = result.Results.Single().TrackedSteps;
        Assert.Contains(TrackingNames.Parse, steps.Keys);
        foreach (var name in TrackedSteps.Where(steps.ContainsKey))
        {
            Assert.All(steps[name].SelectMany(s => s.Outputs), o =>
                Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{name}: {o.Reason}"));
        }
    }

    private static string[] GeneratedTexts(GeneratorDriverRunResult result) =>
        result.GeneratedTrees.Select(tree => tree.FilePath + "\n" + tree).OrderBy(text => text, StringComparer.Ordinal).ToArray();

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
