using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using HelpdeskBot.Bot.Tests.Handoff;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Bot.Tests.WebSecurity;

/// <summary>
/// Starts the host with a distinctive value for every secret it can be given, walks the main endpoints (successes and
/// error paths), keeps every log line at every level and every response's headers and body, and looks for the secrets.
/// </summary>
public sealed class NoSecretsLeakTests
{
    private static readonly Dictionary<string, string> Secrets = new()
    {
        ["DirectLine:Secret"] = "dlsecret-Zq7XvLw2Pk9Rn4Ts",
        ["DirectLine:UserSigningKey"] = "usersigning-Hm3Jd8Vb5Nc1Qx6Wy0Lk2Pz7Rt4Gf9Se",
        ["AdminApi:Keys:0:Key"] = "adminkey-Ye5Ua2Io8Pw3Qs6Dr1Ft-Hk4Jm7Nb2Vc9",
        ["BotFramework:AppPassword"] = "teamspass-Kx4Lc7Vn2Bm9Zq5Wt",
        ["Llm:ApiKey"] = "llmkey-Rg6Th1Yj8Uk3Il5Op0Aw",
        ["Agents:OpenIdConnect:ClientSecret"] = "oidcsecret-Mn8Bv3Cx6Za1Sd4Fg",
        ["ConnectionStrings:Helpdesk"] = "Host=db.internal;Username=helpdesk;Password=pgpass-Qw9Er2Ty5Ui8Op3As",
    };

    /// <summary>What must never show: the secrets, the Postgres password on its own and the agent's password.</summary>
    private static readonly string[] Needles =
    [
        .. Secrets.Where(s => !s.Key.StartsWith("ConnectionStrings", StringComparison.Ordinal)).Select(s => s.Value),
        "pgpass-Qw9Er2Ty5Ui8Op3As",
        AgentAccountsForTests.Password,
    ];

    [Fact]
    public async Task No_secret_appears_in_any_log_line_response_header_or_body()
    {
        var logs = new CapturingLoggerProvider();
        using var host = new BotHost()
            .With("Logging:LogLevel:Default", "Trace")
            .With("Logging:LogLevel:Microsoft", "Trace")
            .With("Logging:LogLevel:Microsoft.AspNetCore", "Trace")
            .With("AdminApi:Keys:0:Name", "ops").With("AdminApi:Keys:0:Roles:0", "admin")
            .With("BotFramework:AppId", "00000000-0000-0000-0000-00000000a11d")
            .With("Agents:OpenIdConnect:Authority", "http://127.0.0.1:9/")
            .With("Agents:OpenIdConnect:ClientId", "helpdesk-console")
            .WithAgent(0, "siti", "Siti", ["agent", "admin"])
            .WithServices(s => s.AddSingleton<ILoggerProvider>(logs));
        foreach (var (key, value) in Secrets)
        {
            host.With(key, value);
        }
        var seen = new StringBuilder();
        using var http = new HttpClient(new Recording(host.Server.CreateHandler(), seen)) { BaseAddress = host.Server.BaseAddress };
        var secret = Secrets["DirectLine:Secret"];
        var adminKey = Secrets["AdminApi:Keys:0:Key"];

        // Pages and probes.
        foreach (var path in (string[])["/", "/app.js", "/agent/login", "/agent", "/admin", "/health/live", "/health/ready", "/no-such-page"])
        {
            (await http.GetAsync(new Uri(path, UriKind.Relative))).Dispose();
        }

        // Direct Line: the secret holder, a signed-in visitor's conversation, and the ways a client gets it wrong.
        var client = new DirectLineClient(http);
        var signedIn = HelpdeskBot.Bot.Channels.DirectLine.SignedInUsers.Sign(
            HelpdeskBot.Connectors.Requester.Customer("CUS-0001"), new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), Secrets["DirectLine:UserSigningKey"]);
        var generated = await client.GenerateTokenAsync(new { signedInUser = signedIn }, secret);
        var token = generated.GetProperty("token").GetString()!;
        (await client.SendAsync(HttpMethod.Post, "/v3/directline/conversations", token)).Dispose();
        var session = new DirectLineSession(client, generated.GetProperty("conversationId").GetString()!, token, "");
        await session.SayAsync("where is my order ORD-100123");
        await session.SayAsync("I want to talk to a person");
        (await client.SendAsync(HttpMethod.Get, session.ActivitiesPath, token)).Dispose();
        (await client.SendAsync(HttpMethod.Post, "/v3/directline/tokens/refresh", token)).Dispose();
        (await client.SendAsync(HttpMethod.Post, "/v3/directline/tokens/generate", secret + "x")).Dispose();
        (await client.SendAsync(HttpMethod.Post, "/v3/directline/tokens/generate", secret, DirectLineClient.Json("{\"signedInUser\":\"forged\"}"))).Dispose();
        (await session.PostRawAsync("{\"type\":")).Dispose();
        (await client.SendAsync(HttpMethod.Get, session.ActivitiesPath, "eyJhbGciOiJIUzI1NiJ9.e30.invalid")).Dispose();

        // Bot Framework without and with a token that is not one.
        (await http.PostAsJsonAsync("/api/messages", new { type = "message", text = "hi" })).Dispose();
        using (var bogus = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = DirectLineClient.Json("{\"type\":\"message\"}") })
        {
            bogus.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "not-a-jwt");
            (await http.SendAsync(bogus)).Dispose();
        }

        // Admin API with the key, a wrong key and a bad body; the demo token.
        foreach (var (key, path) in (ValueTuple<string, string>[])[(adminKey, "/api/admin/audit"), (adminKey, "/api/admin/kb/documents"), ("wrong-key", "/api/admin/audit")])
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("X-Api-Key", key);
            (await http.SendAsync(request)).Dispose();
        }
        using (var bad = new HttpRequestMessage(HttpMethod.Post, "/api/admin/inbox/examples") { Content = DirectLineClient.Json("{\"text\":") })
        {
            bad.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", adminKey);
            (await http.SendAsync(bad)).Dispose();
        }
        (await http.PostAsJsonAsync("/demo/token", new { locale = "id-ID" })).Dispose();

        // Console sign-in: wrong and right password, then the console itself.
        (await AgentConsoleClient.PostLoginAsync(http, "siti", "wrong-password")).Dispose();
        using var rightSignIn = await AgentConsoleClient.PostLoginAsync(http, "siti", AgentAccountsForTests.Password);
        using (var console = new HttpRequestMessage(HttpMethod.Get, "/agent"))
        {
            console.Headers.Add("Cookie", AgentConsoleClient.Cookies(rightSignIn));
            (await http.SendAsync(console)).Dispose();
        }

        var logText = logs.Text();
        var responses = seen.ToString();
        Assert.True(logs.Count > 100, $"Only {logs.Count} log lines were captured: is Trace on?");
        // The capture sees what it should: the requests (hosting's Trace/Information lines) and the responses.
        Assert.Contains("/api/admin/audit", logText, StringComparison.Ordinal);
        Assert.Contains("/v3/directline/conversations", responses, StringComparison.Ordinal);
        foreach (var needle in Needles)
        {
            Assert.False(logText.Contains(needle, StringComparison.Ordinal), $"A log line contains a secret ({needle[..6]}…)");
            Assert.False(responses.Contains(needle, StringComparison.Ordinal), $"A response contains a secret ({needle[..6]}…)");
            Assert.False(responses.Contains(Uri.EscapeDataString(needle), StringComparison.Ordinal), $"A response contains a secret, URL-encoded ({needle[..6]}…)");
        }
    }

    /// <summary>Keeps every response's status line, headers and body.</summary>
    private sealed class Recording(HttpMessageHandler inner, StringBuilder seen) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            lock (seen)
            {
                seen.Append(request.Method).Append(' ').Append(request.RequestUri).Append(" -> ").Append((int)response.StatusCode).AppendLine();
                foreach (var header in response.Headers.Concat(response.Content.Headers))
                {
                    seen.Append(header.Key).Append(": ").AppendLine(string.Join(", ", header.Value));
                }
                seen.AppendLine(body);
            }
            return response;
        }
    }

    /// <summary>Every entry at every level: the rendered message, each structured value, the exception and the scopes.</summary>
    private sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
    {
        private readonly ConcurrentQueue<string> _lines = new();
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public int Count => _lines.Count;

        public string Text() => string.Join('\n', _lines);

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var line = new StringBuilder().Append(logLevel).Append(' ').Append(category).Append(": ").Append(formatter(state, exception));
                if (state is IEnumerable<KeyValuePair<string, object?>> values)
                {
                    foreach (var (key, value) in values)
                    {
                        line.Append(" | ").Append(key).Append('=').Append(value);
                    }
                }
                provider._scopes.ForEachScope((scope, builder) => builder.Append(" | scope=").Append(scope), line);
                if (exception is not null)
                {
                    line.Append('\n').Append(exception);
                }
                provider._lines.Enqueue(line.ToString());
            }
        }
    }
}
