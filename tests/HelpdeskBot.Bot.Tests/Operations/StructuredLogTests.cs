using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace HelpdeskBot.Bot.Tests.Operations;

/// <summary>
/// What the host logs for full Direct Line conversations: at Information and above, never what the user typed (nor the
/// e-mail, phone number or order number in it); and each line written during a request carries that request's trace id
/// as a scope, which the JSON console formatter prints (<c>Logging:Console:FormatterName=json</c>, <c>IncludeScopes</c>).
/// </summary>
public sealed class StructuredLogTests
{
    [Fact]
    public async Task A_full_direct_line_conversation_logs_no_user_text_above_debug_and_each_turn_line_carries_the_trace_id()
    {
        using var host = new BotHost().WithServices(services => services.AddLogging(logging => logging.AddFakeLogging()));
        var traceId = ActivityTraceId.CreateRandom().ToString();
        var http = host.CreateClient();
        http.DefaultRequestHeaders.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        var session = await new DirectLineClient(http).StartAsync("en-US", HelpdeskBot.Connectors.Requester.Customer("CUS-0001"));
        string[] said =
        [
            "where is my order ORD-100123 wombat-lantern",
            "my email is wombat.lantern@example.org and my phone +62 812 7777 3141",
            "what is the refund policy for a wombat-lantern",
            "talk to a person about wombat-lantern",
        ];

        foreach (var text in said)
        {
            await session.AskAsync(text);
        }

        var records = host.Services.GetFakeLogCollector().GetSnapshot();
        var visible = records.Where(r => r.Level >= LogLevel.Information).ToList();
        Assert.NotEmpty(visible);
        string[] secrets = ["wombat", "lantern", "ORD-100123", "7777", "3141", "example.org", "refund policy"];
        foreach (var record in visible)
        {
            var text = record.Message + " " + string.Join(" ", record.StructuredState?.Select(p => p.Value) ?? []);
            Assert.DoesNotContain(secrets, s => text.Contains(s, StringComparison.OrdinalIgnoreCase));
        }

        var turnLines = visible.Where(r => r.Message.StartsWith("Turn on directline", StringComparison.Ordinal)).ToList();
        Assert.Equal(said.Length, turnLines.Count);
        Assert.All(turnLines, r => Assert.Contains(r.Scopes, scope => HasTraceId(scope, traceId)));
    }

    private static bool HasTraceId(object? scope, string traceId) =>
        scope is IEnumerable<KeyValuePair<string, object?>> pairs
        && pairs.Any(p => p.Key == "TraceId" && string.Equals(p.Value?.ToString(), traceId, StringComparison.Ordinal));
}
