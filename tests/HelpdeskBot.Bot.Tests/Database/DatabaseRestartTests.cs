using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HelpdeskBot.Connectors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Xunit.Abstractions;

namespace HelpdeskBot.Bot.Tests.Database;

/// <summary>
/// PostgreSQL restarted (<c>pg_ctl restart -m fast</c>, every session cut) while conversations run: no request fails with
/// a 500, no turn is answered twice, a turn caught by the outage gets the bot's apology at worst, and the turns after it
/// are answered from the database again. The class has its own server, so the restart touches no other test.
/// </summary>
public sealed class DatabaseRestartTests(PostgresFixture postgres, ITestOutputHelper output) : IClassFixture<PostgresFixture>
{
    private const string Question = "where is my order ORD-100123";
    private const string Apology = "Sorry, something went wrong on my side";

    [Fact]
    public async Task Conversations_survive_a_database_restart_with_no_500_no_double_answer_and_answers_after_it()
    {
        var connectionString = await postgres.Server.CreateDatabaseAsync();
        using var host = new BotHost().OnPostgres(connectionString)
            .WithServices(services => services.AddLogging(logging => logging.AddFakeLogging()));
        var customers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            new DirectLineClient(host.CreateClient()).StartAsync("en-US", Requester.Customer("CUS-0001"))));

        var statuses = new ConcurrentBag<HttpStatusCode>();
        var failures = new ConcurrentBag<string>();
        var turns = new ConcurrentBag<(DirectLineSession Customer, string ActivityId, DateTimeOffset SentAt)>();
        using var stop = new CancellationTokenSource();
        var restartedAt = DateTimeOffset.MaxValue;

        async Task TalkAsync(DirectLineSession customer)
        {
            while (!stop.IsCancellationRequested)
            {
                var sentAt = DateTimeOffset.UtcNow;
                using var response = await customer.PostRawAsync(JsonSerializer.Serialize(new
                {
                    type = "message",
                    from = new { id = "ignored" },
                    text = Question,
                    channelData = new { clientActivityID = Guid.NewGuid().ToString("N") },
                }));
                statuses.Add(response.StatusCode);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    failures.Add($"{(int)response.StatusCode} at {DateTimeOffset.UtcNow:HH:mm:ss.fff}: {await response.Content.ReadAsStringAsync()}");
                }
                else
                {
                    var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
                    turns.Add((customer, id, sentAt));
                }

                await Task.Delay(50);
            }
        }

        var talking = customers.Select(c => Task.Run(() => TalkAsync(c))).ToArray();
        await Task.Delay(TimeSpan.FromSeconds(2));
        var restarting = DateTimeOffset.UtcNow;
        await postgres.Server.RestartAsync();
        restartedAt = DateTimeOffset.UtcNow;
        await Task.Delay(TimeSpan.FromSeconds(4));
        await stop.CancelAsync();
        await Task.WhenAll(talking);

        // A failure names what the host logged, so a rare one on CI can be explained from its log alone.
        Assert.True(failures.IsEmpty, $"{failures.Count} of {statuses.Count} posts failed (restart {restarting:HH:mm:ss.fff}–{restartedAt:HH:mm:ss.fff}):\n" +
            string.Join("\n", failures) + "\nThe host's errors:\n" + string.Join("\n", host.Services.GetFakeLogCollector().GetSnapshot()
                .Where(r => r.Level >= LogLevel.Error).Select(r => $"{r.Timestamp:HH:mm:ss.fff} {r.Category}: {r.Message} {r.Exception}")));
        var before = turns.Count(t => t.SentAt < restarting);
        Assert.True(before >= 6, $"Only {before} turns before the restart.");
        var apologies = 0;
        var after = turns.Where(t => t.SentAt > restartedAt + TimeSpan.FromSeconds(1)).ToList();
        Assert.True(after.Count >= 6, $"Only {after.Count} turns after the restart.");

        foreach (var group in turns.GroupBy(t => t.Customer))
        {
            // All pages: a customer here says 50–100 things, and a page holds 100 activities (the first page alone made this fail on a fast machine).
            var activities = await group.Key.GetAllActivitiesAsync();
            foreach (var turn in group)
            {
                var replies = activities.Where(a => a.ReplyToId == turn.ActivityId && a.From?.Role == "bot").Select(DirectLineSession.ShownText).ToList();
                // Exactly one answer per turn: the order's status, or the apology when the outage caught it; never both, never twice.
                var answer = Assert.Single(replies, r => r?.Contains("ORD-100123", StringComparison.Ordinal) == true || r?.Contains(Apology, StringComparison.Ordinal) == true);
                apologies += answer!.Contains(Apology, StringComparison.Ordinal) ? 1 : 0;
                if (turn.SentAt > restartedAt + TimeSpan.FromSeconds(1))
                {
                    Assert.Contains("ORD-100123", answer, StringComparison.Ordinal);
                }
            }
        }

        output.WriteLine($"{turns.Count} turns, {before} before the restart, {after.Count} after it, {apologies} apologies; the restart took {(restartedAt - restarting).TotalMilliseconds:0} ms");
    }
}
