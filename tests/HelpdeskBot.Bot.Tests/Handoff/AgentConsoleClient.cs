using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using HelpdeskBot.Bot.Handoff;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace HelpdeskBot.Bot.Tests.Handoff;

/// <summary>Console accounts for test hosts: one password for all, hashed the way an operator would configure it.</summary>
public static partial class AgentAccountsForTests
{
    public const string Password = "agent-test-password-1";

    private static readonly Lazy<string> PasswordHash = new(() => AgentAccounts.HashPassword(Password));

    /// <summary>A host whose agents' conversations go back to the queue one second after they leave, checked every second.</summary>
    public static BotHost NewHandoffHost() => new BotHost()
        .With("Handoff:AgentReconnectGraceSeconds", "1")
        .With("Handoff:SweepIntervalSeconds", "1");

    /// <summary>Configures account number <paramref name="index"/> (<c>Agents:Accounts:{index}</c>); no queues means all queues.</summary>
    public static BotHost WithAgent(this BotHost host, int index, string userName, string displayName, string[] roles, params string[] queues)
    {
        var at = $"Agents:Accounts:{index}:";
        host.With(at + "UserName", userName)
            .With(at + "DisplayName", displayName)
            .With(at + "PasswordHash", PasswordHash.Value);
        for (var i = 0; i < roles.Length; i++)
        {
            host.With($"{at}Roles:{i}", roles[i]);
        }

        for (var i = 0; i < queues.Length; i++)
        {
            host.With($"{at}Queues:{i}", queues[i]);
        }

        return host;
    }
}

/// <summary>
/// The agent console as a browser drives it, written against the HTTP and hub protocol rather than the host's types:
/// the sign-in form (antiforgery token and cookie first), then the hub with the sign-in cookie, over the test server.
/// </summary>
public sealed partial class AgentConsoleClient : IAsyncDisposable
{
    private readonly Channel<(string Name, JsonElement[] Args)> _events = Channel.CreateUnbounded<(string, JsonElement[])>();
    private readonly List<(string Name, JsonElement[] Args)> _seen = [];

    private AgentConsoleClient(HubConnection connection) => Connection = connection;

    public HubConnection Connection { get; }

    /// <summary>A client for <paramref name="host"/> that neither follows redirects nor keeps cookies, so tests see both.</summary>
    public static HttpClient RawHttp(BotHost host) =>
        host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    /// <summary>Signs in through <c>POST /agent/login</c> and returns the cookie header the browser would send afterwards.</summary>
    public static async Task<string> SignInAsync(BotHost host, string userName, string password = AgentAccountsForTests.Password)
    {
        using var http = RawHttp(host);
        using var response = await PostLoginAsync(http, userName, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/agent", response.Headers.Location?.OriginalString);
        var cookies = Cookies(response);
        Assert.Contains("helpdesk.agent=", cookies, StringComparison.Ordinal);
        return cookies;
    }

    /// <summary>Fetches the sign-in form (token + antiforgery cookie) and posts it back with the credentials.</summary>
    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient http, string userName, string password) =>
        await PostLoginAsync(http, await GetLoginFormAsync(http), userName, password);

    /// <summary>The sign-in form as a browser gets it: its antiforgery field and the cookies that came with it.</summary>
    public static async Task<LoginForm> GetLoginFormAsync(HttpClient http)
    {
        using var form = await http.GetAsync(new Uri("/agent/login", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        var html = await form.Content.ReadAsStringAsync();
        var token = HiddenField().Match(html);
        Assert.True(token.Success, "The sign-in page has no antiforgery field: " + html);
        return new LoginForm(WebUtility.HtmlDecode(token.Groups["name"].Value), WebUtility.HtmlDecode(token.Groups["value"].Value), Cookies(form));
    }

    /// <summary>Posts <paramref name="form"/> back with the credentials, through <paramref name="http"/> (which may be another instance's).</summary>
    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient http, LoginForm form, string userName, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/agent/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                [form.TokenName] = form.TokenValue,
                ["userName"] = userName,
                ["password"] = password,
                ["returnUrl"] = "/agent",
            }),
        };
        request.Headers.Add("Cookie", form.Cookies);
        return await http.SendAsync(request);
    }

    /// <summary>Connects to <c>/agent/hub</c> as a signed-in browser would (long polling through the test server).</summary>
    public static async Task<AgentConsoleClient> ConnectAsync(BotHost host, string userName)
    {
        var cookies = await SignInAsync(host, userName);
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(host.Server.BaseAddress, "/agent/hub"), HttpTransportType.LongPolling, options =>
            {
                options.HttpMessageHandlerFactory = _ => host.Server.CreateHandler();
                options.Headers["Cookie"] = cookies;
            })
            .Build();
        return await StartAsync(connection);
    }

    /// <summary>Connects to <c>/agent/hub</c> of a host on real Kestrel (WebSockets), as a browser on another machine would.</summary>
    public static async Task<AgentConsoleClient> ConnectOverHttpAsync(BotHost host, string userName)
    {
        using var plain = host.CreateClient();
        // Kestrel's client handler would follow the redirect and keep the cookie itself; the test wants to see both.
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = plain.BaseAddress };
        using var signedIn = await PostLoginAsync(http, userName, AgentAccountsForTests.Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var cookies = Cookies(signedIn);
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(http.BaseAddress!, "/agent/hub"), HttpTransportType.WebSockets, options => options.Headers["Cookie"] = cookies)
            .Build();
        return await StartAsync(connection);
    }

    private static async Task<AgentConsoleClient> StartAsync(HubConnection connection)
    {
        var client = new AgentConsoleClient(connection);
        foreach (var name in (string[])["queueChanged", "caseClosed"])
        {
            connection.On<JsonElement>(name, arg => client._events.Writer.TryWrite((name, [arg])));
        }

        connection.On<JsonElement, JsonElement>("userMessage", (caseId, line) => client._events.Writer.TryWrite(("userMessage", [caseId, line])));
        await connection.StartAsync();
        return client;
    }

    public Task<JsonElement> GetQueueAsync() => Connection.InvokeAsync<JsonElement>("GetQueue");

    public Task<string> AcceptAsync(long caseId) => Connection.InvokeAsync<string>("Accept", caseId);

    public Task<JsonElement> GetCaseAsync(long caseId) => Connection.InvokeAsync<JsonElement>("GetCase", caseId);

    public Task SendAsync(long caseId, string text) => Connection.InvokeAsync("Send", caseId, text);

    public Task<JsonElement> AddNoteAsync(long caseId, string text) => Connection.InvokeAsync<JsonElement>("AddNote", caseId, text);

    public Task TransferAsync(long caseId, string queue) => Connection.InvokeAsync("Transfer", caseId, queue);

    public Task ResolveAsync(long caseId) => Connection.InvokeAsync("Resolve", caseId);

    /// <summary>The waiting conversations in queue order, as the console lists them.</summary>
    public async Task<IReadOnlyList<JsonElement>> WaitingAsync() =>
        [.. (await GetQueueAsync()).GetProperty("waiting").EnumerateArray()];

    /// <summary>Waits for a hub event named <paramref name="name"/> whose arguments satisfy <paramref name="matches"/>.</summary>
    public async Task<JsonElement[]> WaitForEventAsync(string name, Func<JsonElement[], bool> matches, int seconds = 10)
    {
        var seen = _seen.FirstOrDefault(e => e.Name == name && matches(e.Args));
        if (seen.Name is not null)
        {
            return seen.Args;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            while (true)
            {
                var next = await _events.Reader.ReadAsync(timeout.Token);
                _seen.Add(next);
                if (next.Name == name && matches(next.Args))
                {
                    return next.Args;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No '{name}' event matched within {seconds} s; seen: " +
                string.Join(", ", _seen.Select(e => e.Name + "(" + string.Join(", ", e.Args.Select(a => a.GetRawText())) + ")")));
        }
    }

    /// <summary>
    /// Forgets the events received so far, including those sent while connecting (the hub announces the agent to their
    /// queues): a hub call is answered after everything sent to the connection before it.
    /// </summary>
    public async Task ForgetEventsAsync()
    {
        await GetQueueAsync();
        EventsSoFar();
        _seen.Clear();
    }

    /// <summary>Every event received so far (drains the pending ones).</summary>
    public IReadOnlyList<(string Name, JsonElement[] Args)> EventsSoFar()
    {
        while (_events.Reader.TryRead(out var next))
        {
            _seen.Add(next);
        }

        return _seen;
    }

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();

    /// <summary>The <c>name=value</c> pairs a response sets, as a <c>Cookie</c> request header.</summary>
    public static string Cookies(HttpResponseMessage response) =>
        string.Join("; ", response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.Select(v => v.Split(';', 2)[0])
            : []);

    [GeneratedRegex("""<input type="hidden" name="(?<name>[^"]+)" value="(?<value>[^"]*)">""")]
    private static partial Regex HiddenField();
}

/// <summary>A sign-in form's antiforgery field and the <c>Cookie</c> header its response set.</summary>
public sealed record LoginForm(string TokenName, string TokenValue, string Cookies);
