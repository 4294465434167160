using System;
using System.Linq;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using Xunit;

namespace StoreGen.Servers.Tests;

/// <summary>
/// The servers test.sh provisions for the persistence backends are up, on loopback, and are what they claim to be.
/// Speaks each protocol's first bytes directly, so this project depends on no client library.
/// </summary>
public class ServerProvisioningTests
{
    [Fact]
    public async Task Redis_answers_ping()
    {
        var (host, port) = ServerSettings.HostPort(ServerSettings.Require("STOREGEN_REDIS"));
        Assert.Equal("127.0.0.1", host);
        using var client = new TcpClient();
        await client.ConnectAsync(host, port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("*1\r\n$4\r\nPING\r\n"));
        var buffer = new byte[16];
        int read = await stream.ReadAtLeastAsync(buffer, 7);
        Assert.Equal("+PONG\r\n", Encoding.ASCII.GetString(buffer, 0, read));
    }

    [Fact]
    public async Task Postgres_answers_the_ssl_negotiation_of_its_wire_protocol()
    {
        var settings = ServerSettings.Require("STOREGEN_POSTGRES");
        string Part(string name) => settings.Split(';').Select(p => p.Split('=')).Single(p => p[0] == name)[1];
        Assert.Equal("127.0.0.1", Part("Host"));
        using var client = new TcpClient();
        await client.ConnectAsync(Part("Host"), int.Parse(Part("Port"), System.Globalization.CultureInfo.InvariantCulture));
        var stream = client.GetStream();
        // SSLRequest: length 8, code 80877103. A PostgreSQL server answers with one byte, 'S' or 'N'.
        await stream.WriteAsync(new byte[] { 0, 0, 0, 8, 0x04, 0xD2, 0x16, 0x2F });
        var answer = new byte[1];
        await stream.ReadExactlyAsync(answer);
        Assert.Contains((char)answer[0], "SN");
    }

    [Fact]
    public async Task S3rver_lists_the_configured_bucket()
    {
        var endpoint = new Uri(ServerSettings.Require("S3_ENDPOINT"));
        Assert.True(endpoint.IsLoopback);
        string bucket = ServerSettings.Require("S3_BUCKET");
        using var http = new HttpClient { BaseAddress = endpoint };
        var response = await http.GetAsync($"/{bucket}?list-type=2");
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        Assert.Contains($"<Name>{bucket}</Name>", body);
    }
}
