using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using StoreGen.Diagnostics;
using Xunit;

namespace StoreGen.Analyzers.Tests;

/// <summary>
/// Every diagnostic explains itself where the IDE shows it: a description (why it matters, how to fix it) and an
/// absolute help link to its page in the public repository, and that page exists.
/// </summary>
public class DiagnosticDescriptorTests
{
    public static IEnumerable<object[]> Descriptors() =>
        All().Select(descriptor => new object[] { descriptor.Id });

    [Theory]
    [MemberData(nameof(Descriptors))]
    public void Descriptor_has_a_description_and_an_absolute_help_link_to_its_page(string id)
    {
        var descriptor = All().Single(d => d.Id == id);
        string description = descriptor.Description.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(description.Length >= 40 && description.EndsWith('.'), $"{id} needs a description of a sentence or two: '{description}'");
        Assert.NotEqual(descriptor.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture), description);

        Assert.Equal($"https://github.com/storegen/storegen/blob/main/docs/diagnostics/{id}.md", descriptor.HelpLinkUri);
        Assert.True(Uri.TryCreate(descriptor.HelpLinkUri, UriKind.Absolute, out _));
        Assert.True(File.Exists(Path.Combine(RepositoryRoot(), "docs", "diagnostics", id + ".md")), $"docs/diagnostics/{id}.md is missing");
    }

    [Fact]
    public void Every_id_in_release_tracking_has_a_descriptor_and_a_page()
    {
        string root = RepositoryRoot();
        var tracked = new[] { "AnalyzerReleases.Shipped.md", "AnalyzerReleases.Unshipped.md" }
            .SelectMany(file => File.ReadLines(Path.Combine(root, "analyzers", "StoreGen.Analyzers", file)))
            .Select(line => Regex.Match(line, @"^(SG\d{4})\s*\|"))
            .Where(match => match.Success)
            .Select(match => match.Groups[1].Value)
            .ToList();
        Assert.NotEmpty(tracked);
        Assert.Equal(tracked.OrderBy(id => id), All().Select(d => d.Id).OrderBy(id => id));
        Assert.All(tracked, id => Assert.True(File.Exists(Path.Combine(root, "docs", "diagnostics", id + ".md")), $"docs/diagnostics/{id}.md is missing"));
    }

    [Fact]
    public void Help_links_and_package_metadata_name_the_same_repository()
    {
        var props = System.Xml.Linq.XDocument.Load(Path.Combine(RepositoryRoot(), "Directory.Build.props"));
        string? repositoryUrl = props.Descendants("RepositoryUrl").SingleOrDefault()?.Value;
        Assert.Equal(DiagnosticDescriptors.RepositoryUrl, repositoryUrl);
        Assert.StartsWith(DiagnosticDescriptors.RepositoryUrl + "/", DiagnosticDescriptors.HelpLinkBase, StringComparison.Ordinal);
    }

    private static IEnumerable<DiagnosticDescriptor> All() =>
        typeof(DiagnosticDescriptors).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.FieldType == typeof(DiagnosticDescriptor))
            .Select(field => (DiagnosticDescriptor)field.GetValue(null)!);

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "StoreGen.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("StoreGen.sln not found above " + AppContext.BaseDirectory);
    }
}
