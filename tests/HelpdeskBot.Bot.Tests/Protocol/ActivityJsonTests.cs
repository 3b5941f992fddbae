using System.Text.Json;
using System.Text.Json.Nodes;
using HelpdeskBot.Bot.Protocol;

namespace HelpdeskBot.Bot.Tests.Protocol;

public sealed class ActivityJsonTests
{
    private const string TeamsMessage = """
        {
          "type": "message",
          "id": "1700000000000",
          "timestamp": "2026-11-27T08:00:00.123Z",
          "localTimestamp": "2026-11-27T15:00:00.123+07:00",
          "localTimezone": "Asia/Jakarta",
          "serviceUrl": "https://smba.trafficmanager.net/apac/",
          "channelId": "msteams",
          "from": { "id": "29:abc", "name": "Budi", "aadObjectId": "0000-1111", "role": "user", "userPrincipalName": "budi@contoso.com" },
          "conversation": { "id": "a:1xyz", "conversationType": "personal", "tenantId": "tenant-1", "isGroup": false },
          "recipient": { "id": "28:bot", "name": "HelpdeskBot" },
          "textFormat": "plain",
          "locale": "id-ID",
          "text": "cek pesanan ORD-100123",
          "attachments": [ { "contentType": "text/html", "content": "<p>cek pesanan</p>" } ],
          "entities": [ { "type": "clientInfo", "locale": "id-ID", "country": "ID", "platform": "Web" } ],
          "channelData": { "tenant": { "id": "tenant-1" }, "clientActivityID": "c-1" },
          "suggestedActions": { "to": ["29:abc"], "actions": [ { "type": "imBack", "title": "Yes", "value": "yes", "futureAction": 1 } ] },
          "value": { "orderNumber": "ORD-100123" },
          "someFutureField": { "nested": [1, 2, 3] }
        }
        """;

    [Fact]
    public void An_activity_round_trips_with_every_field_including_unknown_ones()
    {
        var activity = JsonSerializer.Deserialize<Activity>(TeamsMessage, ProtocolJson.Options)!;

        var written = JsonSerializer.Serialize(activity, ProtocolJson.Options);

        Assert.True(JsonNode.DeepEquals(Normalise(JsonNode.Parse(TeamsMessage)!), Normalise(JsonNode.Parse(written)!)), written);
    }

    [Fact]
    public void Known_fields_are_typed()
    {
        var activity = JsonSerializer.Deserialize<Activity>(TeamsMessage, ProtocolJson.Options)!;

        Assert.Equal(ActivityTypes.Message, activity.Type);
        Assert.Equal("0000-1111", activity.From!.AadObjectId);
        Assert.Equal("tenant-1", activity.Conversation!.TenantId);
        Assert.Equal("clientInfo", Assert.Single(activity.Entities!).Type);
        Assert.Equal("imBack", activity.SuggestedActions!.Actions![0].Type);
        Assert.Equal("ORD-100123", activity.Value!.Value.GetProperty("orderNumber").GetString());
        Assert.True(activity.From.ExtensionData!.ContainsKey("userPrincipalName"));
        Assert.True(activity.ExtensionData!.ContainsKey("someFutureField"));
    }

    [Theory]
    [InlineData("""{"type":"conversationUpdate","membersAdded":[{"id":"u1"}],"membersRemoved":[{"id":"u2"}]}""")]
    [InlineData("""{"type":"event","name":"handoff.status","value":{"state":"accepted"},"relatesTo":{"activityId":"1"}}""")]
    [InlineData("""{"type":"invoke","name":"adaptiveCard/action","value":{"action":{"type":"Action.Execute","verb":"ok"}}}""")]
    [InlineData("""{"type":"endOfConversation","code":"completedSuccessfully"}""")]
    [InlineData("""{"type":"messageReaction","reactionsAdded":[{"type":"like"}],"reactionsRemoved":[{"type":"heart"}]}""")]
    [InlineData("""{"type":"typing"}""")]
    [InlineData("""{"type":"installationUpdate","action":"add"}""")]
    public void Every_activity_type_round_trips(string json)
    {
        var written = JsonSerializer.Serialize(JsonSerializer.Deserialize<Activity>(json, ProtocolJson.Options), ProtocolJson.Options);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(written)), written);
    }

    [Fact]
    public void Nulls_are_not_written()
    {
        var written = JsonSerializer.Serialize(new Activity { Type = ActivityTypes.Message, Text = "hi" }, ProtocolJson.Options);

        Assert.Equal("""{"type":"message","text":"hi"}""", written);
    }

    // Timestamps may be re-rendered with a different offset notation; compare them as instants.
    private static JsonNode Normalise(JsonNode node)
    {
        foreach (var key in new[] { "timestamp", "localTimestamp" })
        {
            if (node[key] is JsonValue value && DateTimeOffset.TryParse(value.GetValue<string>(), out var instant))
            {
                node[key] = instant.ToUniversalTime().ToString("O");
            }
        }
        return node;
    }
}
