using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Xunit.Abstractions;

namespace HelpdeskBot.EndToEnd;

/// <summary>
/// The customer demo page end to end: real host on Kestrel, the npm-restored Web Chat bundle, DirectLineJS over the
/// host's own Direct Line endpoint, and headless Chromium typing into Web Chat's send box.
/// </summary>
public sealed class WebChatDemoTests(BotServer server, ITestOutputHelper output) : IClassFixture<BotServer>
{
    [Fact]
    public async Task Demo_page_and_the_npm_restored_Web_Chat_bundle_are_served()
    {
        using var http = new HttpClient { BaseAddress = server.RootUri };

        var page = await http.GetStringAsync(new Uri("/", UriKind.Relative));
        Assert.Contains("HelpdeskBot — customer support demo", page, StringComparison.Ordinal);
        Assert.Contains("lib/webchat/webchat.js", page, StringComparison.Ordinal);

        using var bundle = await http.GetAsync(new Uri("/lib/webchat/webchat.js", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, bundle.StatusCode);
        Assert.Equal("text/javascript", bundle.Content.Headers.ContentType?.MediaType);
        Assert.True(bundle.Content.Headers.ContentLength > 1_000_000, "webchat.js looks truncated: " + bundle.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task Demo_token_endpoint_gives_the_page_a_token_and_a_user_id_but_not_the_secret()
    {
        using var http = new HttpClient { BaseAddress = server.RootUri };

        using var response = await http.PostAsJsonAsync(new Uri("/demo/token", UriKind.Relative), new { locale = "id-ID" });
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.IsSuccessStatusCode, $"/demo/token answered {(int)response.StatusCode}: {body}");
        var token = await response.Content.ReadFromJsonAsync<DemoToken>();
        Assert.NotNull(token);
        Assert.False(string.IsNullOrWhiteSpace(token.Token));
        Assert.False(string.IsNullOrWhiteSpace(token.ConversationId));
        Assert.StartsWith("dl_", token.UserId, StringComparison.Ordinal);
        Assert.True(token.ExpiresIn > 0);
        Assert.DoesNotContain("e2e-secret-", body, StringComparison.Ordinal);
    }

    [BrowserFact]
    public void English_customer_gets_a_welcome_and_the_status_of_their_order()
    {
        InBrowser("en", page =>
        {
            page.Open();
            page.WaitForConversation("en-US");
            var welcome = page.WaitForBotMessage("the welcome message", 0, _ => true);
            output.WriteLine("welcome: " + welcome);

            var before = page.BotMessages().Count;
            page.Send("where is my order ORD-100123");

            // Every order status starts "Order ORD-…"; the welcome and "couldn't find order …" replies don't.
            var reply = page.WaitForBotMessage("a bot reply with the status of ORD-100123", before,
                text => text.Contains("Order ORD-100123", StringComparison.Ordinal));
            output.WriteLine("reply: " + reply);
            output.WriteLine("screenshot: " + page.Browser.SaveScreenshot("webchat-en.png"));
        });
    }

    [BrowserFact]
    public void Switching_to_Bahasa_Indonesia_starts_a_fresh_conversation_answered_in_Indonesian()
    {
        InBrowser("id", page =>
        {
            page.Open();
            page.WaitForConversation("en-US");
            var englishConversation = page.Browser.Driver.FindElement(OpenQA.Selenium.By.Id("webchat")).GetAttribute("data-conversation-id");

            page.SwitchLanguage("lang-id");
            page.WaitForConversation("id-ID");
            Assert.Equal("Coba tanyakan", page.Text("hint-title"));
            Assert.NotEqual(englishConversation, page.Browser.Driver.FindElement(OpenQA.Selenium.By.Id("webchat")).GetAttribute("data-conversation-id"));
            var welcome = page.WaitForBotMessage("the Indonesian welcome message", 0, _ => true);
            output.WriteLine("welcome: " + welcome);

            var before = page.BotMessages().Count;
            page.Send("pesanan saya ORD-100123 sudah sampai mana?");

            var reply = page.WaitForBotMessage("an Indonesian reply with the status of ORD-100123", before,
                text => text.Contains("Pesanan ORD-100123", StringComparison.Ordinal));
            output.WriteLine("reply: " + reply);
            output.WriteLine("screenshot: " + page.Browser.SaveScreenshot("webchat-id.png"));
        });
    }

    [BrowserFact]
    public void A_customer_cancels_an_order_by_pressing_the_yes_button()
    {
        InBrowser("cancel", page =>
        {
            page.Open();
            page.WaitForConversation("en-US");
            page.WaitForBotMessage("the welcome message for Budi", 0, text => text.Contains("Hi Budi", StringComparison.Ordinal));

            var before = page.BotMessages().Count;
            page.Send("please cancel my order ORD-100125");
            page.WaitForBotMessage("the cancellation question", before, text => text.Contains("ORD-100125", StringComparison.Ordinal));

            before = page.BotMessages().Count;
            page.Press(page.WaitForCard("the Yes/No card of the cancellation question", "Yes"), "Yes");
            var done = page.WaitForBotMessage("the cancellation", before, text => text.Contains("cancelled", StringComparison.OrdinalIgnoreCase));
            output.WriteLine("cancelled: " + done);
            output.WriteLine("screenshot: " + page.Browser.SaveScreenshot("webchat-cancel.png"));
        });
    }

    [BrowserFact]
    public void Signed_in_as_the_demo_employee_the_chat_answers_hr_questions()
    {
        InBrowser("employee", page =>
        {
            page.Open();
            page.WaitForConversation("en-US");
            var customerConversation = page.Browser.Driver.FindElement(OpenQA.Selenium.By.Id("webchat")).GetAttribute("data-conversation-id");

            page.SwitchUser("as-employee");
            page.WaitForBotMessage("the welcome message for Rina", 0, text => text.Contains("Hi Rina", StringComparison.Ordinal));
            Assert.NotEqual(customerConversation, page.Browser.Driver.FindElement(OpenQA.Selenium.By.Id("webchat")).GetAttribute("data-conversation-id"));

            var before = page.BotMessages().Count;
            page.Send("how many leave days do I have left?");
            var reply = page.WaitForBotMessage("Rina's leave balance", before, text => text.Contains("Annual", StringComparison.OrdinalIgnoreCase));
            output.WriteLine("balance: " + reply);
        });
    }

    private void InBrowser(string name, Action<WebChatPage> scenario)
    {
        var root = server.RootUri;
        using var browser = ChromiumSession.Start();
        var page = new WebChatPage(browser, root);
        try
        {
            scenario(page);
            // The page, Web Chat and its cards all work under the chat page's CSP.
            browser.AssertNoCspViolations();
        }
        catch (Exception e)
        {
            throw new EndToEndFailureException($"""
                {e.Message}

                What the page showed:
                {page.Describe()}
                Saved:
                {browser.SaveFailureArtifacts(name)}

                Browser console:
                {browser.ConsoleLog()}
                Server log (last lines):
                {server.Log.Tail()}
                """, e);
        }
        finally
        {
            output.WriteLine("browser console:" + Environment.NewLine + browser.ConsoleLog());
        }
    }

    private sealed record DemoToken(
        [property: JsonPropertyName("token")] string Token,
        [property: JsonPropertyName("conversationId")] string ConversationId,
        [property: JsonPropertyName("userId")] string UserId,
        [property: JsonPropertyName("expires_in")] int ExpiresIn);
}

/// <summary>A browser scenario failed; the message carries what the page, the console and the server showed.</summary>
public sealed class EndToEndFailureException(string message, Exception inner) : Exception(message, inner);
