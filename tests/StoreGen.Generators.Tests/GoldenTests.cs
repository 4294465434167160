using System;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using Xunit;

namespace StoreGen.Generators.Tests;

/// <summary>
/// Generated source is compared with Golden/{case}.g.cs. To accept a change, run the tests with
/// STOREGEN_UPDATE_GOLDEN=1 and review the diff of Golden/ like any other code change.
/// </summary>
public class GoldenTests
{
    public static TheoryData<string> Cases => new(GoldenCases.All.Keys);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generated_source_matches_the_golden_file(string name)
    {
        var (result, _, _) = GeneratorHarness.Run(GeneratorHarness.Compilation(GoldenCases.All[name]));
        // Nested [StoreSerializable] types get their own files: one golden file holds them all, each after its hint name.
        var generated = result.Results.Single().GeneratedSources.OrderBy(s => s.HintName, StringComparer.Ordinal).ToList();
        Assert.NotEmpty(generated);
        string actual = generated.Count == 1
            ? Text(generated[0])
            : string.Join("\n", generated.Select(s => $"// ==== {s.HintName}\n{Text(s)}"));
        string path = Path.Combine(GoldenDirectory(), name + ".g.cs");

        if (Environment.GetEnvironmentVariable("STOREGEN_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual);
        }
        Assert.True(File.Exists(path), $"No golden file {path}; run with STOREGEN_UPDATE_GOLDEN=1 to create it.");
        Assert.Equal(File.ReadAllText(path).Replace("\r\n", "\n"), actual);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generated_source_compiles_without_warnings_under_warnings_as_errors(string name)
    {
        var (result, output, _) = GeneratorHarness.Run(GeneratorHarness.Compilation(GoldenCases.All[name]));
        Assert.Empty(result.Diagnostics);
        Assert.Empty(GeneratorHarness.Problems(output));
    }

    /// <summary>Generated code is read in "Go to definition": no line is wider than a careful person would write.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void No_generated_line_is_longer_than_150_characters(string name)
    {
        var (result, _, _) = GeneratorHarness.Run(GeneratorHarness.Compilation(GoldenCases.All[name]));
        var tooLong = result.Results.Single().GeneratedSources
            .SelectMany(s => Text(s).Split('\n').Select((line, n) => (Where: $"{s.HintName}:{n + 1}", Line: line)))
            .Where(entry => entry.Line.Length > 150)
            .Select(entry => $"{entry.Where} ({entry.Line.Length}): {entry.Line.Trim()}")
            .ToList();
        Assert.True(tooLong.Count == 0, string.Join("\n", tooLong));
    }

    private static string Text(Microsoft.CodeAnalysis.GeneratedSourceResult source) => source.SourceText.ToString().Replace("\r\n", "\n");

    private static string GoldenDirectory([CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(thisFile)!, "Golden");
}
