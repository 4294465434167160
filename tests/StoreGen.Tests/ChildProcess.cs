using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace StoreGen.Tests;

/// <summary>
/// Runs programs of this repository (samples, the crash writer) as child processes. Output goes to a file through
/// the shell, never through pipes the test must drain, and every wait is bounded, so a stuck child fails a test
/// instead of hanging it.
/// </summary>
internal static class ChildProcess
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    /// <summary>The built assembly of a project in this repository, e.g. ("samples/QuickStart", "QuickStart").</summary>
    public static string Built(string projectDirectory, string assembly)
    {
        string separator = Path.DirectorySeparatorChar.ToString();
        string configuration = AppContext.BaseDirectory.Contains(separator + "Release" + separator, StringComparison.Ordinal) ? "Release" : "Debug";
        string root = AppContext.BaseDirectory[..AppContext.BaseDirectory.IndexOf(separator + "tests" + separator, StringComparison.Ordinal)];
        string path = Path.Combine(root, projectDirectory, "bin", configuration, "net10.0", assembly + ".dll");
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is not built (the test project references it so it is built first)");
    }

    /// <summary>Starts <c>dotnet <paramref name="assembly"/> args…</c> with output appended to <paramref name="output"/> (or discarded).</summary>
    public static Process Start(string assembly, IReadOnlyList<string> arguments, string? output = null, IReadOnlyDictionary<string, string>? environment = null) =>
        StartProgram("dotnet", new[] { assembly }.Concat(arguments).ToArray(), output, environment);

    /// <summary>
    /// Starts <paramref name="program"/> through <c>sh -c exec</c> (the process is the program itself, so killing it
    /// kills the program) with output appended to <paramref name="output"/> (or discarded).
    /// </summary>
    public static Process StartProgram(string program, IReadOnlyList<string> arguments, string? output = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("out=$1; shift; exec \"$@\" >>\"$out\" 2>&1");
        start.ArgumentList.Add("sh");
        start.ArgumentList.Add(output ?? "/dev/null");
        start.ArgumentList.Add(program);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        return Process.Start(start) ?? throw new InvalidOperationException("could not start " + program);
    }

    /// <summary>Runs to completion (bounded) and returns the exit code and everything it printed.</summary>
    public static (int ExitCode, string Output) Run(string assembly, string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        string output = Path.Combine(workingDirectory, $"output-{Guid.NewGuid():N}.txt");
        using var process = Start(assembly, Array.Empty<string>(), output, environment);
        if (!process.WaitForExit(Patience))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(assembly)} did not finish within {Patience}: {File.ReadAllText(output)}");
        }
        return (process.ExitCode, File.ReadAllText(output));
    }
}
