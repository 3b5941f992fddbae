using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HelpdeskBot.Bot.Conversations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Bot.Tests.Scaling;

/// <summary>
/// Two instances sharing one database and no Redis — what each instance falls back to while Redis is away. The database
/// alone still stores the same activity once and answers it once, and two turns of one conversation racing on two
/// instances end in a reply each (one may be the apology of the turn that lost at the version check), never a 500 and
/// never a lost update.
/// </summary>
public sealed class SharedDatabaseWithoutRedisTests
{
    [Fact]
    public async Task The_same_activity_posted_to_both_instances_at_once_is_answered_once_by_the_database_alone()
    {
        await using var instances = TwoInstances.Start(redis: null);
        var onA = await TwoInstances.DirectLine(instances.A).StartAsync("en-US");
        var onB = TwoInstances.On(instances.B, onA);

        for (var round = 0; round < 5; round++)
        {
            var json = JsonSerializer.Serialize(new
            {
                type = "message",
                text = "where is my order ORD-100123?",
                channelData = new { clientActivityID = Guid.NewGuid().ToString("N") },
            });
            var responses = await Task.WhenAll(onA.PostRawAsync(json), onB.PostRawAsync(json));

            Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
            var ids = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()));
            Assert.Equal(ids[0], ids[1]);
            var activities = (await onA.GetActivitiesAsync()).Activities;
            Assert.Single(activities, a => a.Id == ids[0]);
            Assert.Single(activities, a => a.ReplyToId == ids[0]);
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    [Fact]
    public async Task Racing_turns_on_two_instances_each_get_a_reply_and_no_update_is_lost()
    {
        await using var instances = TwoInstances.Start(redis: null);
        var onA = await TwoInstances.DirectLine(instances.A).StartAsync("en-US");
        var onB = TwoInstances.On(instances.B, onA);

        const int Rounds = 6;
        var kept = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var ids = await Task.WhenAll(onA.SayAsync($"hello {round}"), onB.SayAsync($"thank you {round}"));
            foreach (var id in ids)
            {
                var reply = Assert.Single(await onA.RepliesToAsync(id));
                if (DirectLineSession.ShownText(reply)?.StartsWith("Sorry, something went wrong", StringComparison.Ordinal) != true)
                {
                    kept++;
                }
            }
        }

        var factory = instances.A.Services.GetRequiredService<IDbContextFactory<StateDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var record = await db.Conversations.AsNoTracking().SingleAsync(c => c.ConversationId == onA.ConversationId);
        // Every turn that answered normally saved its state once; a turn that lost the race saved nothing.
        Assert.Equal(kept, record.Version);
    }
}
