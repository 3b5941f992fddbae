using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace HelpdeskBot.Bot.Tests.WebSecurity;

public sealed class DemoTokenOriginTests : IClassFixture<DemoTokenOriginTests.PartnerHost>
{
    private readonly BotHost _host;

    public DemoTokenOriginTests(PartnerHost host) => _host = host.Host;

    public sealed class PartnerHost : IDisposable
    {
        public BotHost Host { get; } = new BotHost().With("WebSecurity:DemoTokenOrigins:0", "https://partner.example.com");

        public void Dispose() => Host.Dispose();
    }

    [Theory]
    [InlineData("Origin", "https://evil.example.net")]
    [InlineData("Origin", "null")]
    [InlineData("Origin", "http://localhost.evil.example.net")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    public async Task A_cross_site_request_for_a_demo_token_is_403_and_starts_no_conversation(string header, string value)
    {
        using var http = _host.CreateClient();
        using var response = await PostAsync(http, header, value);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Cross-site request refused", problem.GetProperty("title").GetString());
        Assert.False(problem.TryGetProperty("token", out _));
    }

    [Theory]
    [InlineData("Origin", "http://localhost")]
    [InlineData("Origin", "https://partner.example.com")]
    [InlineData("Sec-Fetch-Site", "same-origin")]
    [InlineData(null, null)]
    public async Task The_site_itself_a_configured_origin_and_non_browser_callers_get_a_token(string? header, string? value)
    {
        using var http = _host.CreateClient();
        using var response = await PostAsync(http, header, value);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(string.IsNullOrEmpty(body.GetProperty("token").GetString()));
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, string? header, string? value)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/demo/token") { Content = JsonContent.Create(new { locale = "en-US" }) };
        if (header is not null)
        {
            request.Headers.Add(header, value);
        }
        return await http.SendAsync(request);
    }
}
