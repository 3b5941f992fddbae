using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Mvc.Testing;

namespace HelpdeskBot.Bot.Tests.Knowledge;

/// <summary>
/// Uploads over the limit through real Kestrel (the test server enforces no body limit): the largest document is set to
/// 1 MB here, so the request limit is 2 MB, and every way of being too large ends in a 413 ProblemDetails — never a
/// reset connection or a 500.
/// </summary>
public sealed class KnowledgeUploadLimitTests : IDisposable
{
    private readonly BotHost _host;
    private readonly KnowledgeAdminClient _admin;

    public KnowledgeUploadLimitTests()
    {
        _host = KnowledgeAdminClient.Configure(new BotHost()).With("Knowledge:MaxDocumentBytes", (1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture));
        _host.UseKestrel(0);
        _host.StartServer();
        _admin = new KnowledgeAdminClient(_host.CreateClient());
    }

    [Fact]
    public async Task A_50_MB_upload_with_its_length_declared_is_a_413_problem()
    {
        var content = new byte[50 * 1024 * 1024];
        content.AsSpan().Fill((byte)'a');

        using var response = await _admin.UploadAsync("huge.md", content, new Dictionary<string, string> { ["title"] = "Huge" });

        var problem = await KnowledgeAdminClient.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "The document is too large");
        Assert.Contains("1 MB", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_streamed_upload_without_a_length_is_a_413_problem_once_it_passes_the_limit()
    {
        // Without the factory's redirect handler, which buffers a body to be able to send it twice.
        using var http = _host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = _admin.Http.BaseAddress! });
        using var form = new MultipartFormDataContent();
        var file = new StreamContent(new EndlessText(5 * 1024 * 1024));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/markdown");
        form.Add(file, "file", "streamed.md");
        using var request = new HttpRequestMessage(HttpMethod.Post, KnowledgeAdminClient.Documents) { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", KnowledgeAdminClient.AdminKey);
        request.Headers.TransferEncodingChunked = true;

        using var response = await http.SendAsync(request);

        Assert.Null(form.Headers.ContentLength);
        await KnowledgeAdminClient.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "The document is too large");
    }

    [Fact]
    public async Task A_file_over_the_document_limit_inside_the_request_limit_is_a_413_problem_from_the_library()
    {
        var content = new byte[1024 * 1024 + 300 * 1024];
        content.AsSpan().Fill((byte)'b');

        using var response = await _admin.UploadAsync("big.txt", content);

        var problem = await KnowledgeAdminClient.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "The document is too large");
        Assert.Contains("big.txt", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_host_still_answers_after_refusing_an_upload()
    {
        using (await _admin.UploadAsync("huge.md", new byte[3 * 1024 * 1024]))
        {
        }

        var created = await _admin.UploadOkAsync("small.md", "# Small\n\nA small document.", new Dictionary<string, string> { ["title"] = "Small" });

        Assert.Equal("created", created.GetProperty("outcome").GetString());
    }

    public void Dispose() => _host.Dispose();

    /// <summary>A non-seekable body of a given size, so the client cannot know its length and sends it chunked.</summary>
    private sealed class EndlessText(long length) : Stream
    {
        private long _sent;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _sent; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _sent);
            buffer.AsSpan(offset, n).Fill((byte)'c');
            _sent += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
