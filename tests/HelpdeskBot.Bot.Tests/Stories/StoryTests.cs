using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using HelpdeskBot.Bot.Channels.DirectLine;
using HelpdeskBot.Bot.Protocol;
using HelpdeskBot.Connectors;
using HelpdeskBot.Connectors.Hr;
using HelpdeskBot.Connectors.Invoices;
using HelpdeskBot.Connectors.ItSupport;
using HelpdeskBot.Connectors.Notifications;
using HelpdeskBot.Connectors.Orders;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Bot.Tests.Stories;

/// <summary>
/// Runs every story in <c>Stories/*.yml</c> through the real host: Direct Line over HTTP, the trained classifier, the
/// skills and the seeded demo back office in real SQLite files, a fresh data directory per story. The user's identity
/// comes the way a website passes it (a signed-in-user assertion on the token request), never from the text.
/// </summary>
public sealed class StoryTests
{
    public const string SigningKey = "story-tests-user-signing-key-0123456789";

    private static readonly Lazy<IReadOnlyList<Story>> All = new(StoryFiles.Load);

    public static TheoryData<string> Names => [.. All.Value.Select(s => s.ToString())];

    [Fact]
    public void Every_story_has_a_unique_name_and_at_least_one_step()
    {
        Assert.NotEmpty(All.Value);
        Assert.Equal(All.Value.Count, All.Value.Select(s => s.ToString()).Distinct(StringComparer.Ordinal).Count());
        Assert.All(All.Value, story => Assert.NotEmpty(story.Steps));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Story_runs_as_written(string name)
    {
        var story = All.Value.Single(s => s.ToString() == name);
        var dataDirectory = BotHost.NewDataDirectory();
        var calls = new ConnectorCalls();
        var host = Host(dataDirectory, calls);
        try
        {
            var session = await StartAsync(new DirectLineClient(host.CreateClient()), story, host.Time.GetUtcNow());
            for (var i = 0; i < story.Steps.Count; i++)
            {
                var step = story.Steps[i];
                if (step.Restart)
                {
                    await host.DisposeAsync();
                    host = Host(dataDirectory, calls);
                    session = session with { Client = new DirectLineClient(host.CreateClient()) };
                }

                foreach (var system in step.Down)
                {
                    calls.SetDown(Enum.Parse<BackOfficeSystem>(system), down: true);
                }

                foreach (var system in step.Up)
                {
                    calls.SetDown(Enum.Parse<BackOfficeSystem>(system), down: false);
                }

                calls.Clear();
                var text = step.Say.Contains("{code}", StringComparison.Ordinal)
                    ? step.Say.Replace("{code}", await host.LatestOneTimeCodeAsync(), StringComparison.Ordinal)
                    : step.Say;
                var id = await session.SayAsync(text);
                var replies = await session.RepliesToAsync(id);
                Check(story, i, text, replies, calls.Made);
            }
        }
        finally
        {
            await host.DisposeAsync();
            BotHost.TryDelete(dataDirectory);
        }
    }

    private static BotHost Host(string dataDirectory, ConnectorCalls calls) =>
        new BotHost(dataDirectory)
            .With("DirectLine:UserSigningKey", SigningKey)
            .WithServices(services =>
            {
                calls.Watch<IOrderService>(services, BackOfficeSystem.Orders);
                calls.Watch<IItSupportService>(services, BackOfficeSystem.ItSupport);
                calls.Watch<IHrService>(services, BackOfficeSystem.Hr);
                calls.Watch<IInvoiceService>(services, BackOfficeSystem.Invoicing);
                calls.Watch<INotificationService>(services, BackOfficeSystem.Notifications);
            });

    private static async Task<DirectLineSession> StartAsync(DirectLineClient client, Story story, DateTimeOffset now)
    {
        var parts = story.As.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Requester? requester = parts[0] switch
        {
            "customer" => Requester.Customer(parts.Length > 1 ? parts[1] : "CUS-0001"),
            "employee" => Requester.Employee(parts.Length > 1 ? parts[1] : "EMP-0007"),
            "supplier" => Requester.Supplier(parts.Length > 1 ? parts[1] : "SUP-0001"),
            "guest" => null,
            _ => throw new InvalidOperationException($"{story}: 'as' must be customer, employee, supplier or guest."),
        };
        var signedInUser = requester is null ? null : SignedInUsers.Sign(requester, now.AddMinutes(5), SigningKey);
        var generated = await client.GenerateTokenAsync(new { locale = story.Locale, signedInUser });
        var token = generated.GetProperty("token").GetString()!;
        using var response = await client.SendAsync(HttpMethod.Post, "/v3/directline/conversations", token, JsonContent.Create(new { locale = story.Locale }));
        Assert.True(response.IsSuccessStatusCode, $"{story}: starting the conversation answered {(int)response.StatusCode}");
        var started = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new DirectLineSession(client, started.GetProperty("conversationId").GetString()!, token, started.GetProperty("streamUrl").GetString()!);
    }

    private static void Check(Story story, int index, string said, IReadOnlyList<Activity> replies, IReadOnlyList<string> made)
    {
        var step = story.Steps[index];
        var text = string.Join("\n", replies.Select(DirectLineSession.ShownText));
        var buttons = replies.SelectMany(DirectLineSession.ButtonTitles).ToArray();
        var where = string.Create(CultureInfo.InvariantCulture,
            $"{story} — step {index + 1}, user said \"{said}\".\nBot replied:\n{text}\nButtons: [{string.Join(", ", buttons)}]\nBack-office calls: [{string.Join(", ", made)}]\n");

        Assert.True(replies.Count > 0, where + "No reply at all.");
        foreach (var expected in step.Reply)
        {
            Assert.True(text.Contains(expected, StringComparison.OrdinalIgnoreCase), where + $"Expected the reply to contain \"{expected}\".");
        }

        foreach (var unwanted in step.Not)
        {
            Assert.False(text.Contains(unwanted, StringComparison.OrdinalIgnoreCase), where + $"Expected the reply NOT to contain \"{unwanted}\".");
        }

        foreach (var button in step.Buttons)
        {
            Assert.True(buttons.Contains(button, StringComparer.OrdinalIgnoreCase), where + $"Expected a button \"{button}\".");
        }

        foreach (var call in step.Calls)
        {
            Assert.True(made.Contains(call, StringComparer.Ordinal), where + $"Expected a call to {call}.");
        }

        foreach (var call in step.NoCalls)
        {
            Assert.False(made.Contains(call, StringComparer.Ordinal), where + $"Expected NO call to {call}.");
        }
    }
}
