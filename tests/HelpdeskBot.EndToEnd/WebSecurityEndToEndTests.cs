using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace HelpdeskBot.EndToEnd;

/// <summary>The host's browser protections and limits over real HTTP (Kestrel) and in real headless Chromium.</summary>
public sealed class WebSecurityEndToEndTests(BotServer server, ITestOutputHelper output) : IClassFixture<BotServer>
{
    [BrowserFact]
    public void The_chat_page_policy_blocks_an_injected_inline_script_and_the_check_sees_it()
    {
        using var browser = ChromiumSession.Start();
        var page = new WebChatPage(browser, server.RootUri);
        page.Open();
        page.WaitForConversation("en-US");
        Assert.Empty(browser.CspViolations());

        // What an injection would do: an inline script. The policy refuses it, and the browser says so.
        browser.Driver.ExecuteScript("var s = document.createElement('script'); s.textContent = 'window.__injected = true;'; document.body.appendChild(s);");
        var violations = browser.WaitFor("the browser to report the refused inline script", TimeSpan.FromSeconds(10),
            _ => browser.CspViolations() is { Count: > 0 } found ? found : null);

        output.WriteLine(string.Join(Environment.NewLine, violations));
        Assert.Equal(true, browser.Driver.ExecuteScript("return window.__injected === undefined;"));
        Assert.Contains(violations, v => v.Contains("script-src", StringComparison.Ordinal));
    }

    [BrowserFact]
    public void Over_the_Direct_Line_limit_Web_Chat_marks_the_message_failed_and_its_retry_goes_through_later()
    {
        const int windowSeconds = 30;
        using var limited = new BotServer()
            .With("WebSecurity:RateLimits:DirectLine:PerUser", "5")
            .With("WebSecurity:RateLimits:DirectLine:WindowSeconds", windowSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var browser = ChromiumSession.Start();
        var page = new WebChatPage(browser, limited.RootUri);
        try
        {
            page.Open();
            page.WaitForConversation("en-US");   // starting and the WebSocket: 2 of the 5
            page.WaitForBotMessage("the welcome message", 0, _ => true);
            var started = DateTime.UtcNow;
            foreach (var text in (string[])["hello", "what can you do", "thanks", "one more thing"])
            {
                page.Send(text);
                browser.WaitFor($"'{text}' in the transcript", WebChatPage.Timeout, _ => page.UserMessages().Contains(text) ? text : null);
            }

            var failed = browser.WaitFor("Web Chat to mark the refused message", WebChatPage.Timeout, driver =>
                driver.FindElement(OpenQA.Selenium.By.Id("webchat")).Text.Contains("Send failed", StringComparison.Ordinal) ? "failed" : null);
            Assert.Equal("failed", failed);

            // Once the window has passed, the person presses Retry and the message goes through.
            var wait = started.AddSeconds(windowSeconds + 2) - DateTime.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                Thread.Sleep(wait);
            }
            var before = page.BotMessages().Count;
            browser.Driver.FindElement(OpenQA.Selenium.By.XPath(
                "//*[@id='webchat']//*[self::button or self::a][contains(normalize-space(.), 'Retry')]")).Click();
            // The refused attempt was never stored, so the retried message is answered once: the fallback for "one more thing".
            var answer = page.WaitForBotMessage("an answer to the retried message", before, _ => true);
            output.WriteLine("answer after retry: " + answer);
            Thread.Sleep(1000);
            Assert.Equal(before + 1, page.BotMessages().Count);
            browser.AssertNoCspViolations();
        }
        catch (Exception e)
        {
            throw new EndToEndFailureException($"""
                {e.Message}

                What the page showed:
                {page.Describe()}
                Saved:
                {browser.SaveFailureArtifacts("rate-limited-webchat")}
                Browser console:
                {browser.ConsoleLog()}
                Server log (last lines):
                {limited.Log.Tail()}
                """, e);
        }
    }

    [Fact]
    public async Task A_chunked_Direct_Line_body_past_the_limit_is_cut_off_by_Kestrel_with_a_413_problem()
    {
        using var http = new HttpClient { BaseAddress = server.RootUri };
        var token = await DemoTokenAsync(http);
        // No Content-Length: only Kestrel's body limit can stop this one while it is read.
        var body = new PushStreamContent(Encoding.UTF8.GetBytes("{\"type\":\"message\",\"text\":\"" + new string('a', 400 * 1024) + "\"}"));
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v3/directline/conversations/{token.ConversationId}/activities") { Content = body };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token.Token);
        request.Headers.TransferEncodingChunked = true;

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(413, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Another_site_cannot_get_a_demo_token_over_real_HTTP_but_the_page_s_own_origin_can()
    {
        using var http = new HttpClient { BaseAddress = server.RootUri };
        using var crossSite = new HttpRequestMessage(HttpMethod.Post, "/demo/token") { Content = JsonContent.Create(new { locale = "en-US" }) };
        crossSite.Headers.Add("Origin", "https://attacker.example");
        crossSite.Headers.Add("Sec-Fetch-Site", "cross-site");
        using var sameOrigin = new HttpRequestMessage(HttpMethod.Post, "/demo/token") { Content = JsonContent.Create(new { locale = "en-US" }) };
        sameOrigin.Headers.Add("Origin", server.RootUri.GetLeftPart(UriPartial.Authority));
        sameOrigin.Headers.Add("Sec-Fetch-Site", "same-origin");

        using var refused = await http.SendAsync(crossSite);
        using var allowed = await http.SendAsync(sameOrigin);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_address_limit_believes_X_Forwarded_For_only_from_a_configured_proxy(bool proxyConfigured)
    {
        using var host = new BotServer().With("WebSecurity:RateLimits:DirectLine:PerIp", "2");
        if (proxyConfigured)
        {
            host.With("WebSecurity:KnownProxies:0", "127.0.0.1");
        }
        using var http = new HttpClient { BaseAddress = host.RootUri };

        async Task<HttpStatusCode> RefreshFromAsync(string client)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/tokens/refresh");
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "not-a-token");
            request.Headers.Add("X-Forwarded-For", client);
            using var response = await http.SendAsync(request);
            return response.StatusCode;
        }

        var first = new[] { await RefreshFromAsync("203.0.113.1"), await RefreshFromAsync("203.0.113.1"), await RefreshFromAsync("203.0.113.1") };
        var second = await RefreshFromAsync("203.0.113.2");

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], first);
        // Behind the configured proxy the second client has its own window; otherwise the header is a lie anyone can tell
        // and both share the proxy's (here: loopback's) window.
        Assert.Equal(proxyConfigured ? HttpStatusCode.Unauthorized : HttpStatusCode.TooManyRequests, second);
    }

    private static async Task<(string Token, string ConversationId)> DemoTokenAsync(HttpClient http)
    {
        using var response = await http.PostAsJsonAsync(new Uri("/demo/token", UriKind.Relative), new { locale = "en-US" });
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (json.GetProperty("token").GetString()!, json.GetProperty("conversationId").GetString()!);
    }

    /// <summary>Content of unknown length: sent chunked, as a client streaming a body would.</summary>
    private sealed class PushStreamContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
