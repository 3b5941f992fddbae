using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace HelpdeskBot.Bot.Tests.WebSecurity;

public sealed class BodySizeLimitTests : IClassFixture<BodySizeLimitTests.SmallLimitsHost>
{
    private const string AdminKey = "body-limit-test-admin-key-0123456789";
    private readonly BotHost _host;

    public BodySizeLimitTests(SmallLimitsHost host) => _host = host.Host;

    public sealed class SmallLimitsHost : IDisposable
    {
        public BotHost Host { get; } = new BotHost()
            .With("WebSecurity:BodyLimits:DirectLine", "4096")
            .With("WebSecurity:BodyLimits:Forms", "2048")
            .With("WebSecurity:BodyLimits:Admin", "2048")
            .With("AdminApi:Keys:0:Name", "ops").With("AdminApi:Keys:0:Key", AdminKey).With("AdminApi:Keys:0:Roles:0", "admin");

        public void Dispose() => Host.Dispose();
    }

    [Fact]
    public async Task A_Direct_Line_activity_over_the_limit_is_413_and_the_conversation_keeps_working()
    {
        var client = new DirectLineClient(_host.CreateClient());
        var session = await client.StartAsync();

        using var tooLarge = await session.PostRawAsync(JsonSerializer.Serialize(new { type = "message", text = new string('a', 5000) }));
        await session.SayAsync("hello");

        await AssertTooLargeAsync(tooLarge);
    }

    [Fact]
    public async Task A_Direct_Line_message_with_too_many_attachments_is_a_400_problem()
    {
        var client = new DirectLineClient(_host.CreateClient());
        var session = await client.StartAsync();
        var attachments = Enumerable.Range(0, 11).Select(i => new { contentType = "text/plain", name = $"note-{i}.txt", content = "x" });

        using var refused = await session.PostRawAsync(JsonSerializer.Serialize(new { type = "message", text = "see attached", attachments }));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Too many attachments", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_sign_in_form_over_the_limit_is_413()
    {
        using var http = _host.CreateClient();
        using var response = await http.PostAsync(new Uri("/agent/login", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = "siti",
            ["password"] = new string('p', 4000),
        }));

        await AssertTooLargeAsync(response);
    }

    [Fact]
    public async Task An_admin_API_body_over_the_group_limit_is_413()
    {
        using var http = _host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/inbox/examples")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { text = new string('x', 4000), intent = "order_status" }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Api-Key", AdminKey);
        using var response = await http.SendAsync(request);

        await AssertTooLargeAsync(response);
    }

    [Fact]
    public async Task Knowledge_uploads_keep_their_own_larger_limit()
    {
        using var http = _host.CreateClient();
        using var form = new MultipartFormDataContent
        {
            { new StringContent("Returns policy (upload limit test)"), "title" },
        };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes("# Returns\n\n" + string.Join("\n\n", Enumerable.Repeat("Items may be returned within 30 days of delivery.", 200))));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/markdown");
        form.Add(file, "file", "returns-upload-limit.md");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/kb/documents") { Content = form };
        request.Headers.Add("X-Api-Key", AdminKey);
        using var response = await http.SendAsync(request);

        Assert.True(form.Headers.ContentLength > 2048);
        Assert.NotEqual(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task AssertTooLargeAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(413, problem.GetProperty("status").GetInt32());
        Assert.Equal("Body too large", problem.GetProperty("title").GetString());
    }
}
