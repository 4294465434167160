using System.ComponentModel;
using System.Linq;
using System.Reflection;
using Xunit;

namespace StoreGen.Generators.Tests;

/// <summary>
/// The engine types generated code names are public only because generated code lives in the user's assembly:
/// completion must not offer them to application code (docs/design.md, "What is public, and why").
/// </summary>
public class EngineVisibilityTests
{
    /// <summary>Returned by <c>foreach</c> over a snapshot, so the application meets it; it stays visible.</summary>
    private static readonly string[] VisibleOnPurpose = { "StoreGen.Engine.StoreEnumerator`2" };

    [Fact]
    public void Every_public_engine_type_is_hidden_from_completion()
    {
        var engineTypes = typeof(StoreAttribute).Assembly.GetExportedTypes()
            .Where(t => t.Namespace == "StoreGen.Engine" && !t.IsNested && !VisibleOnPurpose.Contains(t.FullName))
            .ToList();

        Assert.Contains(engineTypes, t => t.Name == "StoreEngine`3");
        Assert.All(engineTypes, type => Assert.True(
            type.GetCustomAttribute<EditorBrowsableAttribute>()?.State == EditorBrowsableState.Never,
            $"{type.FullName} is public for generated code; mark it [EditorBrowsable(EditorBrowsableState.Never)]"));
    }
}
