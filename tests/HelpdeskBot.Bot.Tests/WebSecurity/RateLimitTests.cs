using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HelpdeskBot.Bot.Tests.Handoff;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.Tests.WebSecurity;

/// <summary>Each test starts its own host with small limits, so counters never leak between tests.</summary>
public sealed class RateLimitTests
{
    private const string AdminKeyA = "rate-limit-test-admin-key-aaaaaaaaaaaa";
    private const string AdminKeyB = "rate-limit-test-admin-key-bbbbbbbbbbbb";

    [Fact]
    public async Task A_Direct_Line_user_over_the_limit_gets_429_with_Retry_After_and_others_are_not_affected()
    {
        using var host = new BotHost()
            .With("WebSecurity:RateLimits:DirectLine:PerUser", "3")
            .With("WebSecurity:RateLimits:DirectLine:PerIp", "1000");
        var client = new DirectLineClient(host.CreateClient());
        var first = await client.StartAsync();   // generate (secret: not counted) + conversations (1)
        var second = await client.StartAsync();

        using var one = await client.SendAsync(HttpMethod.Get, first.ActivitiesPath, first.Token);
        using var two = await client.SendAsync(HttpMethod.Get, first.ActivitiesPath, first.Token);
        using var refused = await client.SendAsync(HttpMethod.Get, first.ActivitiesPath, first.Token);
        using var other = await client.SendAsync(HttpMethod.Get, second.ActivitiesPath, second.Token);

        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.Equal(HttpStatusCode.OK, two.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Contains("Try again in", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Callers_without_valid_credentials_are_limited_by_address()
    {
        using var host = new BotHost()
            .With("WebSecurity:RateLimits:DirectLine:PerUser", "1000")
            .With("WebSecurity:RateLimits:DirectLine:PerIp", "3");
        var client = new DirectLineClient(host.CreateClient());

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await client.SendAsync(HttpMethod.Post, "/v3/directline/tokens/refresh", "not-a-token-" + i);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized,
            HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task The_Direct_Line_secret_holder_is_not_limited()
    {
        using var host = new BotHost().With("WebSecurity:RateLimits:DirectLine:PerIp", "2");
        var client = new DirectLineClient(host.CreateClient());

        for (var i = 0; i < 4; i++)
        {
            // Asserts 200 inside: a website's back end mints a token for every visitor from one address.
            await client.GenerateTokenAsync();
        }
    }

    [Fact]
    public async Task Sign_in_attempts_are_limited_per_user_name()
    {
        using var host = new BotHost()
            .WithAgent(0, "siti", "Siti", ["agent"])
            .With("WebSecurity:RateLimits:SignIn:PerUser", "2")
            .With("WebSecurity:RateLimits:SignIn:PerIp", "100");
        using var http = AgentConsoleClient.RawHttp(host);

        using var wrong1 = await AgentConsoleClient.PostLoginAsync(http, "siti", "wrong-1");
        using var wrong2 = await AgentConsoleClient.PostLoginAsync(http, "SITI", "wrong-2");
        using var refused = await AgentConsoleClient.PostLoginAsync(http, "siti", AgentAccountsForTests.Password);
        using var otherUser = await AgentConsoleClient.PostLoginAsync(http, "someone-else", "wrong");

        Assert.Equal(HttpStatusCode.Unauthorized, wrong1.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong2.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.Contains("Retry-After"));
        Assert.Equal(HttpStatusCode.Unauthorized, otherUser.StatusCode);
    }

    [Fact]
    public async Task Admin_API_calls_are_limited_per_key()
    {
        using var host = AdminHost()
            .With("WebSecurity:RateLimits:Admin:PerUser", "2")
            .With("WebSecurity:RateLimits:Admin:PerIp", "100");
        using var http = host.CreateClient();

        var a = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            a.Add(await AuditStatusAsync(http, AdminKeyA));
        }
        var b = await AuditStatusAsync(http, AdminKeyB);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], a);
        Assert.Equal(HttpStatusCode.OK, b);
    }

    [Fact]
    public async Task Bot_Framework_activities_are_limited_per_sender()
    {
        using var host = new BotHost()
            .With("WebSecurity:RateLimits:BotFramework:PerUser", "2")
            .With("WebSecurity:RateLimits:BotFramework:PerIp", "100");
        using var http = host.CreateClient();

        var ani = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            ani.Add(await PostTypingAsync(http, "ani"));
        }
        var budi = await PostTypingAsync(http, "budi");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], ani);
        Assert.Equal(HttpStatusCode.OK, budi);
    }

    [Fact]
    public async Task Limits_can_be_turned_off_for_capacity_measurements()
    {
        using var host = new BotHost()
            .With("WebSecurity:RateLimits:Enabled", "false")
            .With("WebSecurity:RateLimits:DirectLine:PerIp", "1");
        var client = new DirectLineClient(host.CreateClient());

        for (var i = 0; i < 3; i++)
        {
            using var response = await client.SendAsync(HttpMethod.Post, "/v3/directline/tokens/refresh", "not-a-token");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Fact]
    public void A_limit_of_zero_stops_the_host_at_start()
    {
        using var host = new BotHost().With("WebSecurity:RateLimits:Admin:PerUser", "0");

        var failure = Assert.Throws<OptionsValidationException>(() => host.CreateClient());

        Assert.Contains("WebSecurity:RateLimits:Admin", failure.Message, StringComparison.Ordinal);
    }

    private static BotHost AdminHost() => new BotHost()
        .With("AdminApi:Keys:0:Name", "ops-a").With("AdminApi:Keys:0:Key", AdminKeyA).With("AdminApi:Keys:0:Roles:0", "admin")
        .With("AdminApi:Keys:1:Name", "ops-b").With("AdminApi:Keys:1:Key", AdminKeyB).With("AdminApi:Keys:1:Roles:0", "admin");

    private static async Task<HttpStatusCode> AuditStatusAsync(HttpClient http, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/audit");
        request.Headers.Add("X-Api-Key", key);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>A typing activity: acknowledged without a turn (the host runs without a Bot Framework app id here).</summary>
    private static async Task<HttpStatusCode> PostTypingAsync(HttpClient http, string from)
    {
        using var response = await http.PostAsJsonAsync("/api/messages", new
        {
            type = "typing",
            id = Guid.NewGuid().ToString("N"),
            channelId = "emulator",
            serviceUrl = "http://127.0.0.1:9",
            from = new { id = from },
            recipient = new { id = "bot" },
            conversation = new { id = "conv-" + from },
        });
        return response.StatusCode;
    }
}
