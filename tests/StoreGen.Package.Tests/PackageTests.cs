using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using Xunit;

namespace StoreGen.Package.Tests;

/// <summary>
/// The StoreGen package works for a consumer that has nothing but the package: packed into a temporary folder feed,
/// restored by a freshly written project from that feed (and an empty package cache), built with warnings as
/// errors, and run. Both packages carry complete metadata and a symbol package.
/// </summary>
public sealed class PackageTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("storegen-package-").FullName;
    private string Feed => Path.Combine(_work, "feed");
    private string Packages => Path.Combine(_work, "packages");

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public void Packed_StoreGen_restores_builds_and_runs_in_a_fresh_consumer_and_reports_diagnostics()
    {
        string root = DotnetCli.RepositoryRoot();
        foreach (string project in new[] { "StoreGen", "StoreGen.S3" })
        {
            var pack = DotnetCli.Run(root, Packages, "pack", Path.Combine(root, "src", project, project + ".csproj"), "-c", "Release", "-o", Feed);
            Assert.True(pack.ExitCode == 0, pack.Output);
        }

        string package = Assert.Single(Directory.GetFiles(Feed, "StoreGen.*.nupkg"), p => !Path.GetFileName(p).StartsWith("StoreGen.S3.", StringComparison.Ordinal));
        string s3Package = Assert.Single(Directory.GetFiles(Feed, "StoreGen.S3.*.nupkg"));
        PackageMetadata.AssertComplete(package, "StoreGen");
        PackageMetadata.AssertComplete(s3Package, "StoreGen.S3");
        using (var zip = ZipFile.OpenRead(s3Package))
        {
            Assert.Contains("lib/net10.0/StoreGen.S3.dll", zip.Entries.Select(e => e.FullName));
        }
        using (var zip = ZipFile.OpenRead(package))
        {
            var entries = zip.Entries.Select(e => e.FullName).ToList();
            Assert.Contains("lib/net10.0/StoreGen.dll", entries);
            Assert.Contains("analyzers/dotnet/cs/StoreGen.Generators.dll", entries);
            Assert.Contains("analyzers/dotnet/cs/StoreGen.Analyzers.dll", entries);
            Assert.Contains("analyzers/dotnet/cs/StoreGen.CodeFixes.dll", entries);
            Assert.Contains("buildTransitive/StoreGen.targets", entries);
            Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) && e.Contains("Generators", StringComparison.Ordinal));
        }
        string version = Path.GetFileNameWithoutExtension(package)["StoreGen.".Length..];

        string good = WriteConsumer("Good", version, """
            using Microsoft.Extensions.DependencyInjection;
            using StoreGen;
            using StoreGen.Hosting;
            using StoreGen.S3;

            var store = new ServiceStore();
            store.Upsert(new Service("default", "web", 80));
            store.Upsert(new Service("default", "api", 8080));
            store.Upsert(new Service("kube-system", "dns", 53));
            System.Console.WriteLine($"get={store.Get("default", "api")?.Port} find={store.Find("default").Count} byPort={store.FindByPort(53).Count} keys={store.GetByKeys("kube-system").Count}");

            // Persistence through the packed hosting API: write with one container, restore with another.
            for (int run = 0; run < 2; run++)
            {
                using var services = new ServiceCollection()
                    .AddStoreGen(o => { o.Backend = "file"; o.FilePath = "state/services.json"; })
                    .AddStore<ServiceStore>()
                    .AddS3()
                    .Services.BuildServiceProvider();
                var persistence = services.GetRequiredService<StorePersistence>();
                await persistence.StartAsync(default);
                var persisted = services.GetRequiredService<ServiceStore>();
                if (run == 0) { foreach (var s in store) persisted.Upsert(s); }
                System.Console.WriteLine($"run={run} outcome={persistence.Outcome} count={persisted.Count}");
                await persistence.StopAsync(default);
            }

            [Store(Keys = new[] { nameof(Namespace), nameof(Name) })]
            [Index(nameof(Port))]
            public partial record Service(string Namespace, string Name, int Port);
            """);
        var run = DotnetCli.Run(good, Packages, "run", "-c", "Release");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("get=8080 find=2 byPort=1 keys=1", run.Output);
        Assert.Contains("run=0 outcome=NoSnapshot count=3", run.Output);
        Assert.Contains("run=1 outcome=Restored count=3", run.Output);
        Assert.DoesNotContain("warning", run.Output, StringComparison.OrdinalIgnoreCase);

        string bad = WriteConsumer("Bad", version, """
            using StoreGen;

            [Store]
            public partial record Service(string Namespace, string Name, int Port);

            [Store(Keys = new[] { nameof(Id) })]
            public partial class Job
            {
                public string Id { get; set; } = "";
                public System.Collections.Generic.List<string> Tags { get; init; } = new();
            }
            """);
        var build = DotnetCli.Run(bad, Packages, "build", "-c", "Release");
        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("error SG0002", build.Output);
        Assert.Contains("[Store] on 'Service' needs Keys", build.Output);
        // The analyzers run in the consumer's build too (warnings, turned into errors by TreatWarningsAsErrors).
        Assert.Contains("SG0012: Key member 'Id' of 'Job' can be changed after the item is stored", build.Output);
        Assert.Contains("SG0014: Member 'Tags' of 'Job' is a List<T>", build.Output);
    }

    private string WriteConsumer(string name, string version, string program)
    {
        string dir = Path.Combine(_work, name);
        Directory.CreateDirectory(dir);
        // The folder feed is added to the machine's configured sources (dependencies come from those); StoreGen's
        // packages resolve from it, and the empty package cache means nothing packed earlier is used instead.
        File.WriteAllText(Path.Combine(dir, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="storegen-local" value="{Feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(dir, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="StoreGen" Version="{version}" />
                <PackageReference Include="StoreGen.S3" Version="{version}" />
                <PackageReference Include="Microsoft.Extensions.DependencyInjection" Version="10.0.14" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(dir, "Program.cs"), program);
        return dir;
    }
}
