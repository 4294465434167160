using System;
using System.Diagnostics;
using StoreGen.Tests;
using System.IO;
using System.Net.Sockets;
using System.Threading;

namespace StoreGen.S3.Tests;

/// <summary>
/// An s3rver instance of a test's own (test.sh exports STOREGEN_S3RVER), for the tests that stop the server at
/// startup or mid-run and bring it back on the same port with the same data. Output goes to a log file, not to
/// redirected pipes, so nothing can block on them.
/// </summary>
internal sealed class S3rverProcess : IDisposable
{
    public const string Bucket = "storegen-own";
    private readonly string _executable = S3Settings.Require("STOREGEN_S3RVER");
    private readonly string _directory = Directory.CreateTempSubdirectory("storegen-s3rver-").FullName;
    private Process? _process;

    public S3rverProcess()
    {
        Port = FreePort();
        Start();
    }

    public int Port { get; }

    public Uri Endpoint => new($"http://127.0.0.1:{Port}");

    public void Start()
    {
        if (_process is not null)
        {
            throw new InvalidOperationException("s3rver is already running");
        }
        Directory.CreateDirectory(Path.Combine(_directory, "data"));
        _process = ChildProcess.StartProgram(_executable,
            new[] { "--directory", Path.Combine(_directory, "data"), "--address", "127.0.0.1", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--configure-bucket", Bucket },
            Path.Combine(_directory, "data.log"));
        // Readiness probe: poll until it accepts connections (bounded), never a fixed sleep.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!Accepts(Port))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                string log = File.Exists(Path.Combine(_directory, "data.log")) ? File.ReadAllText(Path.Combine(_directory, "data.log")) : "";
                Stop();
                throw new InvalidOperationException($"s3rver did not listen on 127.0.0.1:{Port}: {log}");
            }
            Thread.Sleep(50);
        }
    }

    public void Stop()
    {
        if (_process is null)
        {
            return;
        }
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        if (!_process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            throw new InvalidOperationException("s3rver did not exit after being killed");
        }
        _process.Dispose();
        _process = null;
    }

    public void Dispose()
    {
        Stop();
        Directory.Delete(_directory, recursive: true);
    }

    private static bool Accepts(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
