using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace HelpdeskBot.Bot.Tests.Hosting;

public sealed class DemoTokenTests
{
    [Fact]
    public async Task The_demo_token_opens_its_conversation_in_the_requested_language()
    {
        using var host = new BotHost();
        var http = host.CreateClient();

        using var response = await http.PostAsJsonAsync("/demo/token", new { locale = "id-ID" });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var session = await StartAsync(new Tests.DirectLineClient(http), body.GetProperty("token").GetString()!);

        Assert.StartsWith("dl_", body.GetProperty("userId").GetString());
        Assert.Equal(body.GetProperty("conversationId").GetString(), session.ConversationId);
        Assert.Equal("id-ID", Assert.Single((await session.GetActivitiesAsync()).Activities).Locale);
    }

    [Theory]
    [InlineData(null, "customer:CUS-0001", "Hi Budi!", "Copy of an invoice")]
    [InlineData("customer", "customer:CUS-0001", "Hi Budi!", "Copy of an invoice")]
    [InlineData("employee", "employee:EMP-0007", "Hi Rina!", "Request leave")]
    [InlineData("guest", "guest", "Hi! I'm the Helpdesk assistant.", "Track an order")]
    public async Task The_demo_signs_in_its_demo_customer_employee_or_a_guest_and_the_welcome_fits(
        string? signedInAs, string party, string greeting, string button)
    {
        using var host = new BotHost();
        var http = host.CreateClient();

        using var response = await http.PostAsJsonAsync("/demo/token", new { locale = "en-US", @as = signedInAs });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var session = await StartAsync(new Tests.DirectLineClient(http), body.GetProperty("token").GetString()!);
        var welcome = Assert.Single((await session.GetActivitiesAsync()).Activities);

        Assert.Equal(party, body.GetProperty("signedInAs").GetString());
        Assert.StartsWith(greeting, welcome.Text, StringComparison.Ordinal);
        Assert.Contains(button, DirectLineSession.ButtonTitles(welcome));
    }

    [Fact]
    public async Task The_demo_refuses_an_unknown_demo_user_and_a_guest_cannot_see_invoices()
    {
        using var host = new BotHost();
        var http = host.CreateClient();

        using var unknown = await http.PostAsJsonAsync("/demo/token", new { @as = "admin" });
        using var response = await http.PostAsJsonAsync("/demo/token", new { locale = "en-US", @as = "guest" });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var session = await StartAsync(new Tests.DirectLineClient(http), body.GetProperty("token").GetString()!);
        var reply = await session.AskAsync("is invoice INV-2026-00002 paid?");

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("please sign in", reply, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("339", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_tokens_and_the_demo_outbox_can_be_turned_off()
    {
        using var host = new BotHost().With("Helpdesk:DemoTokens", "false");

        using var response = await host.CreateClient().PostAsync("/demo/token", null);
        using var outbox = await host.CreateClient().GetAsync("/demo/outbox");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, outbox.StatusCode);
    }

    [Fact]
    public async Task The_demo_endpoints_are_off_when_a_real_back_office_system_is_configured()
    {
        using var host = new BotHost()
            .With("Connectors:Orders:Mode", "Http")
            .With("Connectors:Orders:BaseUrl", "http://127.0.0.1:9/")
            .With("Connectors:Orders:ApiKey", "test-key");

        using var token = await host.CreateClient().PostAsJsonAsync("/demo/token", new { @as = "customer" });
        using var outbox = await host.CreateClient().GetAsync("/demo/outbox");

        Assert.Equal(HttpStatusCode.NotFound, token.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, outbox.StatusCode);
        Assert.Contains("Connectors:*:Mode=Http", await token.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demo_outbox_shows_the_code_the_demo_employee_was_sent_but_the_chat_never_does()
    {
        using var host = new BotHost();
        var http = host.CreateClient();
        using var response = await http.PostAsJsonAsync("/demo/token", new { locale = "en-US", @as = "employee" });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var session = await StartAsync(new Tests.DirectLineClient(http), body.GetProperty("token").GetString()!);

        var asked = await session.AskAsync("I forgot my password");
        var sent = await session.AskAsync("e-mail");
        var outbox = await http.GetFromJsonAsync<JsonElement>("/demo/outbox");

        var message = outbox.EnumerateArray().First();
        var code = System.Text.RegularExpressions.Regex.Match(message.GetProperty("body").GetString()!, @"\b[0-9]{6}\b").Value;
        Assert.Equal("rina.wijaya@corp.example", message.GetProperty("destination").GetString());
        Assert.Matches("^[0-9]{6}$", code);
        Assert.DoesNotContain(code, asked + sent, StringComparison.Ordinal);
        Assert.Contains("r***@corp.example", sent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demo_page_never_contains_the_secret()
    {
        using var host = new BotHost();

        var page = await host.CreateClient().GetStringAsync("/");

        Assert.Contains("webchat", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(BotHost.Secret, page);
    }

    private static async Task<Tests.DirectLineSession> StartAsync(Tests.DirectLineClient client, string token)
    {
        using var response = await client.SendAsync(HttpMethod.Post, "/v3/directline/conversations", token);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var started = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new Tests.DirectLineSession(client, started.GetProperty("conversationId").GetString()!, token, started.GetProperty("streamUrl").GetString()!);
    }
}
