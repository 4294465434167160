using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;

namespace StoreGen.Package.Tests;

/// <summary>What a package page shows and a debugger needs: readme, license, repository, project page, symbols.</summary>
internal static class PackageMetadata
{
    public const string RepositoryUrl = "https://github.com/storegen/storegen";

    public static void AssertComplete(string nupkg, string id)
    {
        using var zip = ZipFile.OpenRead(nupkg);
        var nuspec = XDocument.Load(zip.GetEntry(id + ".nuspec")!.Open()).Root!;
        XNamespace ns = nuspec.Name.Namespace;
        var metadata = nuspec.Element(ns + "metadata")!;
        string? Value(string name) => metadata.Element(ns + name)?.Value;

        Assert.Equal(id, Value("id"));
        Assert.False(string.IsNullOrWhiteSpace(Value("description")));
        var license = metadata.Element(ns + "license")!;
        Assert.Equal(("expression", "MIT"), ((string?)license.Attribute("type"), license.Value));
        Assert.Equal(RepositoryUrl, Value("projectUrl"));
        var repository = metadata.Element(ns + "repository")!;
        Assert.Equal("git", (string?)repository.Attribute("type"));
        Assert.Equal(RepositoryUrl, (string?)repository.Attribute("url"));
        Assert.Matches("^[0-9a-f]{40}$", (string?)repository.Attribute("commit") ?? "");

        Assert.Equal("README.md", Value("readme"));
        using var reader = new StreamReader(zip.GetEntry("README.md")!.Open());
        AssertReadmeIsThePackagesOwn(reader.ReadToEnd(), id);

        string symbols = Path.ChangeExtension(nupkg, ".snupkg");
        Assert.True(File.Exists(symbols), $"{Path.GetFileName(symbols)} was not packed");
        using var symbolZip = ZipFile.OpenRead(symbols);
        Assert.Contains($"lib/net10.0/{id}.pdb", symbolZip.Entries.Select(e => e.FullName));
    }

    /// <summary>
    /// A package page shows the README out of the repository's context, so a relative link leads nowhere: every link
    /// is absolute, into the repository, to a file that exists there.
    /// </summary>
    private static void AssertReadmeIsThePackagesOwn(string readme, string id)
    {
        Assert.StartsWith("# " + id + "\n", readme.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        var links = Regex.Matches(readme, @"\]\(([^)]*)\)").Select(m => m.Groups[1].Value).ToList();
        Assert.Contains(links, link => link.StartsWith(RepositoryUrl + "/blob/main/docs/", StringComparison.Ordinal));
        string files = RepositoryUrl + "/blob/main/";
        Assert.All(links, link =>
        {
            Assert.StartsWith(files, link, StringComparison.Ordinal);
            string path = link[files.Length..].Split('#')[0];
            Assert.True(File.Exists(Path.Combine(DotnetCli.RepositoryRoot(), path)), $"{id}'s README links to {path}, which does not exist");
        });
    }
}
