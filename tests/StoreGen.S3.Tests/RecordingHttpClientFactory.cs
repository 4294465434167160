using System.Collections.Concurrent;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;

namespace StoreGen.S3.Tests;

/// <summary>
/// Records the conditional headers of the requests the AWS SDK sends to the real server (s3rver accepts but does
/// not enforce If-Match / If-None-Match, so the requests themselves are what can be checked here).
/// </summary>
internal sealed class RecordingHttpClientFactory : HttpClientFactory
{
    public ConcurrentQueue<(string Method, string? IfMatch, string? IfNoneMatch)> Requests { get; } = new();

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new Recorder(this) { InnerHandler = new SocketsHttpHandler() });

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => true;

    public override string GetConfigUniqueString(IClientConfig clientConfig) => "recording";

    private sealed class Recorder(RecordingHttpClientFactory owner) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            static string? Header(HttpRequestMessage r, string name) =>
                r.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
            owner.Requests.Enqueue((request.Method.Method, Header(request, "If-Match"), Header(request, "If-None-Match")));
            return base.SendAsync(request, cancellationToken);
        }
    }
}
