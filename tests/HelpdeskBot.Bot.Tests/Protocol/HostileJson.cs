using System.Globalization;
using System.Text;
using System.Text.Json;
using CsCheck;
using HelpdeskBot.Tests.Shared;

namespace HelpdeskBot.Bot.Tests.Protocol;

/// <summary>
/// Generators of JSON bodies that are structurally plausible but hostile: activities whose fields have the wrong
/// types, huge or odd unicode strings, nulls, missing and extra fields, odd numbers and dates, nested values; and
/// random byte mutations of such bodies. Written as text, not through a serializer, so that anything JSON allows (and a
/// good deal it doesn't) can be produced.
/// </summary>
internal static class HostileJson
{
    private static readonly string[] Numbers =
        ["0", "-0", "1", "-1", "1.5", "1e400", "-1e400", "1e-400", "99999999999999999999999999999", "9223372036854775808", "0.0000001", "1E+2", "-9007199254740993"];

    private static readonly string[] Dates =
        ["\"2026-11-27T08:00:00Z\"", "\"2026-11-27T08:00:00.1234567+07:00\"", "\"2026-02-30T00:00:00Z\"", "\"0001-01-01T00:00:00Z\"",
         "\"9999-12-31T23:59:59+14:00\"", "\"yesterday\"", "\"\"", "\"2026-11-27\"", "0", "1732694400"];

    private static readonly string[] ActivityTypeNames =
        ["message", "conversationUpdate", "typing", "event", "invoke", "endOfConversation", "messageReaction", "installationUpdate",
         "Message", "MESSAGE", " message", "", "trace", "handoff", "adaptiveCard/action", "\u0000", "<script>"];

    private static readonly string[] Names =
        ["adaptiveCard/action", "handoff.status", "application/vnd.microsoft.activity.message", "signin/verifyState", "task/fetch", "composeExtension/query"];

    /// <summary>A JSON string literal holding hostile text, sometimes with escapes a serializer would never write (lone surrogates).</summary>
    public static Gen<string> StringLiteral { get; } = Gen.Frequency(
        (8, Gen.OneOf(HostileText.PayloadSentence, HostileText.AnyUnicode).Select(Quote)),
        (1, HostileText.BacktrackingRun.Select(static s => Quote(s.Length > 12_000 ? s[..12_000] : s))),
        (1, Gen.OneOf("\"\\ud800\"", "\"\\udc00x\"", "\"\\u0000\"", "\"\\uD83D\\uDE00\"", "\"\\/\\b\\f\\n\\r\\t\"", "\"\\x41\"", "\"\\u12\"")));

    /// <summary>
    /// A JSON string literal for any UTF-16 text, lone surrogates included (written as \uXXXX escapes, which JSON
    /// allows and a serializer would refuse to write).
    /// </summary>
    public static string Quote(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            if (c is '"' or '\\' || c < ' ' || char.IsSurrogate(c))
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.Append('"').ToString();
    }

    /// <summary>Any JSON value up to <paramref name="depth"/> levels of arrays and objects.</summary>
    public static Gen<string> Value(int depth)
    {
        var leaf = Gen.Frequency(
            (1, Gen.OneOf("null", "true", "false")),
            (2, Gen.OneOf(Numbers)),
            (1, Gen.Long.Select(static n => n.ToString(CultureInfo.InvariantCulture))),
            (1, Gen.Double.Select(static d => double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : "0")),
            (4, StringLiteral));
        if (depth <= 0)
        {
            return leaf;
        }

        var inner = Value(depth - 1);
        return Gen.Frequency(
            (4, leaf),
            (1, inner.Array[0, 6].Select(static items => "[" + string.Join(",", items) + "]")),
            (1, Gen.Select(Key, inner).Array[0, 6].Select(static members => Object(members))));
    }

    private static Gen<string> Key { get; } = Gen.Frequency(
        (3, Gen.OneOf("id", "name", "type", "text", "value", "data", "action", "verb", "msteams", "$type", "__proto__", "constructor", "", "a.b", "Text", "TEXT")),
        (1, HostileText.PayloadSentence));

    private static string Object(IEnumerable<(string Key, string Value)> members) =>
        "{" + string.Join(",", members.Select(static m => Quote(m.Key) + ":" + m.Value)) + "}";

    private static Gen<string> Account { get; } = Gen.Select(StringLiteral, StringLiteral, Gen.OneOf("\"user\"", "\"bot\"", "\"skill\"", "null", "1"), StringLiteral)
        .Select(static (id, name, role, aad) => $"{{\"id\":{id},\"name\":{name},\"role\":{role},\"aadObjectId\":{aad}}}");

    /// <summary>A value that is usually the right JSON type for the field and sometimes any value at all.</summary>
    private static Gen<string> Field(Gen<string> typed) => Gen.Frequency((4, typed), (1, Value(2)));

    private static readonly Gen<string> AnyValue = Value(3);

    /// <summary>The members an activity may carry, each with a generator of its value.</summary>
    private static (string Name, Gen<string> Value)[] ActivityMembers(Gen<string> serviceUrl) =>
    [
        ("type", Field(Gen.OneOf(ActivityTypeNames).Select(static t => Quote(t)))),
        ("id", Field(StringLiteral)),
        ("timestamp", Field(Gen.OneOf(Dates))),
        ("localTimestamp", Field(Gen.OneOf(Dates))),
        ("localTimezone", Field(StringLiteral)),
        ("serviceUrl", Field(serviceUrl)),
        ("channelId", Field(Gen.OneOf("\"msteams\"", "\"emulator\"", "\"directline\"", "\"webchat\"", "\"\""))),
        ("from", Field(Account)),
        ("recipient", Field(Account)),
        ("conversation", Field(Gen.Select(StringLiteral, Gen.OneOf("true", "false", "null", "\"yes\""), Gen.OneOf("\"personal\"", "\"channel\"", "\"groupChat\""))
            .Select(static (id, group, kind) => $"{{\"id\":{id},\"isGroup\":{group},\"conversationType\":{kind},\"tenantId\":\"t\"}}"))),
        ("text", Field(StringLiteral)),
        ("textFormat", Field(Gen.OneOf("\"markdown\"", "\"plain\"", "\"xml\"", "\"html\""))),
        ("locale", Field(Gen.OneOf("\"en-US\"", "\"id-ID\"", "\"id\"", "\"xx-INVALID-\"", "\"\"", "\"en-US-u-ca-buddhist\"", "\"zz\""))),
        ("speak", Field(StringLiteral)),
        ("summary", Field(StringLiteral)),
        ("value", AnyValue),
        ("channelData", AnyValue),
        ("name", Field(Gen.OneOf(Names).Select(static n => Quote(n)))),
        ("replyToId", Field(StringLiteral)),
        ("label", Field(StringLiteral)),
        ("valueType", Field(StringLiteral)),
        ("relatesTo", AnyValue),
        ("code", Field(StringLiteral)),
        ("expiration", Field(Gen.OneOf(Dates))),
        ("membersAdded", Field(Account.Array[0, 4].Select(static a => "[" + string.Join(",", a) + "]"))),
        ("membersRemoved", Field(Account.Array[0, 4].Select(static a => "[" + string.Join(",", a) + "]"))),
        ("reactionsAdded", Field(Gen.OneOf("[{\"type\":\"like\"}]", "[{\"type\":\"dislike\"}]", "[{\"type\":null}]", "[{}]", "[]"))),
        ("attachments", Field(Gen.Select(Gen.OneOf("\"application/vnd.microsoft.card.adaptive\"", "\"image/png\"", "\"text/html\"", "null"), AnyValue, StringLiteral)
            .Select(static (type, content, url) => $"{{\"contentType\":{type},\"content\":{content},\"contentUrl\":{url},\"name\":{url}}}")
            .Array[0, 3].Select(static a => "[" + string.Join(",", a) + "]"))),
        ("entities", Field(Gen.Select(Gen.OneOf("\"mention\"", "\"clientInfo\"", "\"https://schema.org/Message\"", "null"), Account, StringLiteral)
            .Select(static (type, mentioned, text) => $"{{\"type\":{type},\"mentioned\":{mentioned},\"text\":{text},\"locale\":{text}}}")
            .Array[0, 3].Select(static a => "[" + string.Join(",", a) + "]"))),
        ("suggestedActions", Field(Gen.Select(StringLiteral, AnyValue).Select(static (title, value) =>
            $"{{\"to\":[\"x\"],\"actions\":[{{\"type\":\"imBack\",\"title\":{title},\"value\":{value}}}]}}"))),
    ];

    /// <summary>
    /// An activity object: some of the known members (right or wrong types), some unknown ones, occasionally a member
    /// twice. <paramref name="serviceUrl"/> gives the service URL literal (a loopback connector for /api/messages).
    /// </summary>
    public static Gen<string> Activity(Gen<string> serviceUrl)
    {
        // Each member is left out, or given a value; "type" is usually there and "text" often, as in real traffic.
        var chosen = ActivityMembers(serviceUrl).Aggregate(
            Gen.Const(static () => new List<(string Key, string Value)>()),
            (acc, member) => Gen.Select(acc, Gen.Int[0, 3], member.Value, (list, roll, value) =>
            {
                var include = member.Name switch { "type" => roll > 0, "text" => roll > 1, _ => roll == 0 };
                if (include)
                {
                    list.Add((member.Name, value));
                }

                return list;
            }));
        var extras = Gen.Select(Key, AnyValue).Array[0, 3];
        return Gen.Select(chosen, extras, Gen.Int[0, 9], static (known, extra, duplicate) =>
        {
            var all = known.Concat(extra).ToList();
            if (duplicate == 0 && all.Count > 0)
            {
                all.Add(all[0]);
            }

            return Object(all);
        });
    }

    /// <summary>
    /// An activity that passes the endpoints' checks (type, channel, conversation, sender, service URL) so that it reaches
    /// the turn pipeline, the card invoke handler or the feedback store, with hostile text, names, values, channel data,
    /// locales and unknown members.
    /// </summary>
    public static Gen<string> Plausible(string serviceUrlLiteral) =>
        Gen.Select(
            Gen.OneOf("message", "message", "message", "invoke", "messageReaction", "conversationUpdate", "event"),
            StringLiteral,
            StringLiteral,
            Gen.Frequency((2, Gen.Const("null")), (1, Value(3))),
            Gen.Frequency((2, Gen.Const("null")), (1, Value(3))),
            Gen.OneOf("\"en-US\"", "\"id-ID\"", "null", "\"xx\"", "\"\""),
            Gen.Select(Key, Value(2)).Array[0, 3],
            Gen.Int[0, 1_000_000],
            (type, text, name, value, channelData, locale, extras, n) =>
            {
                var members = new List<(string, string)>
                {
                    ("type", Quote(type)),
                    ("id", Quote("act-" + n.ToString(CultureInfo.InvariantCulture))),
                    ("channelId", "\"emulator\""),
                    ("serviceUrl", serviceUrlLiteral),
                    ("from", $"{{\"id\":\"user-{n % 7}\",\"name\":{name}}}"),
                    ("recipient", "{\"id\":\"bot-1\",\"name\":\"Bot\"}"),
                    ("conversation", $"{{\"id\":\"conv-{n % 13}\"}}"),
                    ("text", text),
                    ("locale", locale),
                    ("value", value),
                    ("channelData", channelData),
                };
                switch (type)
                {
                    case "invoke": members.Add(("name", "\"adaptiveCard/action\"")); break;
                    case "messageReaction": members.Add(("reactionsAdded", "[{\"type\":\"like\"}]")); members.Add(("replyToId", text)); break;
                    case "conversationUpdate": members.Add(("membersAdded", $"[{{\"id\":\"bot-1\"}},{{\"id\":\"user-1\",\"name\":{name}}}]")); break;
                    case "event": members.Add(("name", "\"handoff.status\"")); break;
                }

                return Object(members.Concat(extras));
            });

    /// <summary>A valid-looking body, then 1–8 random byte edits (<see cref="HostileBytes.Mutated"/>, shared with the document fuzzers).</summary>
    public static Gen<byte[]> Mutated(Gen<string> body) => HostileBytes.Mutated(body.Select(static text => Encoding.UTF8.GetBytes(text)));

    /// <summary><paramref name="depth"/> nested arrays or objects around a value, e.g. 10,000 deep.</summary>
    public static string Nested(int depth, bool objects)
    {
        var builder = new StringBuilder(depth * 8);
        for (var i = 0; i < depth; i++)
        {
            builder.Append(objects ? "{\"a\":" : "[");
        }

        builder.Append('1');
        for (var i = 0; i < depth; i++)
        {
            builder.Append(objects ? '}' : ']');
        }

        return builder.ToString();
    }

    /// <summary>An object with <paramref name="members"/> members, all distinct.</summary>
    public static string Wide(int members)
    {
        var builder = new StringBuilder(members * 12).Append('{');
        for (var i = 0; i < members; i++)
        {
            builder.Append(i == 0 ? "" : ",").Append("\"k").Append(i.ToString(CultureInfo.InvariantCulture)).Append("\":").Append(i % 7);
        }

        return builder.Append('}').ToString();
    }
}
