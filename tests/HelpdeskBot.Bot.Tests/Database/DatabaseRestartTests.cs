using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HelpdeskBot.Connectors;
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
        using var host = new BotHost().OnPostgres(connectionString);
        var customers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            new DirectLineClient(host.CreateClient()).StartAsync("en-US", Requester.Customer("CUS-0001"))));

        var statuses = new ConcurrentBag<HttpStatusCode>();
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
                if (response.StatusCode == HttpStatusCode.OK)
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

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
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
