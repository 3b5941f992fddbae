using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using static HelpdeskBot.Bot.Tests.Channels.BotFrameworkAuthenticationTests;

namespace HelpdeskBot.Bot.Tests.Channels;

/// <summary>
/// The bot's side of the Connector: its client-credentials token (from a local token endpoint, cached until shortly
/// before it expires) and the retries of transient failures, seen from a Connector stand-in that fails on request.
/// </summary>
public sealed class BotConnectorOutgoingTests : IAsyncLifetime
{
    private ConnectorStandIn _connector = null!;
    private BotHost _host = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _connector = await ConnectorStandIn.StartAsync();
        _host = Host();
        _http = _host.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _connector.DisposeAsync();
    }

    private BotHost Host() => NewHost(_connector)
        .With("BotFramework:TokenEndpoint", _connector.TenantTokenEndpoint)
        .With("BotFramework:ConnectorRetryDelay", "00:00:00.050")
        // Long enough that a loaded CI machine never turns a scripted answer into a timeout (which is retried); the
        // timeout test sets its own.
        .With("BotFramework:ConnectorTimeout", "00:00:30");

    [Fact]
    public async Task A_multi_tenant_bot_asks_the_botframework_tenant_for_a_client_credentials_token()
    {
        using var response = await SendAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (tenant, form) = Assert.Single(_connector.TokenForms);
        Assert.Equal("botframework.com", tenant);
        Assert.Equal("client_credentials", form["grant_type"]);
        Assert.Equal(AppId, form["client_id"]);
        Assert.Equal("app-password", form["client_secret"]);
        Assert.Equal("https://api.botframework.com/.default", form["scope"]);
        Assert.Equal("Bearer outgoing-token", Assert.Single(_connector.Requests).Authorization);
    }

    [Fact]
    public async Task A_single_tenant_bot_asks_its_own_tenant()
    {
        using var host = Host().With("BotFramework:TenantId", "7a1c2f3e-0000-4000-8000-00000000beef");
        using var http = host.CreateClient();

        using var response = await SendAsync(http);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("7a1c2f3e-0000-4000-8000-00000000beef", Assert.Single(_connector.TokenForms).Tenant);
    }

    [Fact]
    public async Task The_token_is_reused_while_valid_and_renewed_shortly_before_it_expires()
    {
        using var first = await SendAsync();
        _host.Time.Advance(TimeSpan.FromMinutes(54));
        using var second = await SendAsync();
        var tokensBefore = _connector.TokenRequests;
        _host.Time.Advance(TimeSpan.FromMinutes(2));
        using var third = await SendAsync();

        Assert.Equal(1, tokensBefore);
        Assert.Equal(2, _connector.TokenRequests);
        Assert.Equal(
            ["Bearer outgoing-token", "Bearer outgoing-token", "Bearer outgoing-token-2"],
            _connector.Requests.Select(r => r.Authorization));
    }

    [Fact]
    public async Task A_401_from_the_connector_renews_the_token_once_and_retries()
    {
        _connector.FailNext(new ConnectorStandIn.Failure(401));

        using var response = await SendAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([("Bearer outgoing-token", 401), ("Bearer outgoing-token-2", 200)], _connector.Attempts);
        Assert.Single(_connector.Requests);
    }

    [Fact]
    public async Task A_second_401_is_final_and_the_channel_gets_502()
    {
        _connector.FailNext(new ConnectorStandIn.Failure(401), new ConnectorStandIn.Failure(401));

        using var response = await SendAsync();

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(2, _connector.Attempts.Count);
        Assert.Empty(_connector.Requests);
    }

    [Fact]
    public async Task A_429_is_retried_after_its_retry_after()
    {
        _connector.FailNext(new ConnectorStandIn.Failure(429, RetryAfter: "1"));
        var clock = Stopwatch.StartNew();

        using var response = await SendAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(950), $"retried after {clock.ElapsedMilliseconds} ms");
        Assert.Equal([429, 200], _connector.Attempts.Select(a => a.Status));
        Assert.Single(_connector.Requests);
    }

    [Fact]
    public async Task Server_errors_are_retried_until_one_attempt_succeeds()
    {
        _connector.FailNext(new ConnectorStandIn.Failure(500), new ConnectorStandIn.Failure(503));

        using var response = await SendAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([500, 503, 200], _connector.Attempts.Select(a => a.Status));
        Assert.Single(_connector.Requests);
    }

    [Fact]
    public async Task After_three_failed_attempts_the_reply_is_kept_for_later_and_the_channel_gets_202()
    {
        _connector.FailNext(new ConnectorStandIn.Failure(503), new ConnectorStandIn.Failure(503), new ConnectorStandIn.Failure(503), new ConnectorStandIn.Failure(503));

        using var response = await SendAsync();

        // Saved with the turn, the reply is owed and retried with back-off (ConnectorOutboxTests follow it to delivery).
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1, await _host.Services.GetRequiredService<HelpdeskBot.Bot.Channels.BotFramework.Outbox.ConnectorOutbox>().CountOwedAsync(CancellationToken.None));
        Assert.Equal([503, 503, 503], _connector.Attempts.Select(a => a.Status));
        Assert.Empty(_connector.Requests);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(403)]
    [InlineData(404)]
    public async Task Other_client_errors_are_not_retried(int status)
    {
        _connector.FailNext(new ConnectorStandIn.Failure(status));

        using var response = await SendAsync();

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal([status], _connector.Attempts.Select(a => a.Status));
        Assert.Empty(_connector.Requests);
    }

    [Fact]
    public async Task An_attempt_that_times_out_is_retried()
    {
        _connector.FailNext(new ConnectorStandIn.Failure(200, Delay: TimeSpan.FromSeconds(12)));
        using var host = Host().With("BotFramework:ConnectorTimeout", "00:00:03");
        using var http = host.CreateClient();

        using var response = await SendAsync(http);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(_connector.Requests);
    }

    private Task<HttpResponseMessage> SendAsync() => SendAsync(_http);

    private Task<HttpResponseMessage> SendAsync(HttpClient http)
    {
        var json = JsonSerializer.Serialize(new
        {
            type = "message",
            id = Guid.NewGuid().ToString("N"),
            channelId = "msteams",
            serviceUrl = _connector.ServiceUrl,
            from = new { id = "29:user", aadObjectId = RinaWijaya },
            recipient = new { id = "28:" + AppId },
            conversation = new { id = "a:" + Guid.NewGuid().ToString("N"), conversationType = "personal" },
            text = "how many leave days do I have left?",
        });
        return PostAsync(http, json, SignToken(_connector.SigningKey, AppId, _connector.ServiceUrl));
    }
}
