using HelpdeskBot.Connectors;
using HelpdeskBot.Bot.Tests.Channels;

namespace HelpdeskBot.Bot.Tests.Conversations;

/// <summary>Order-status conversations as transcripts, through Direct Line and the real pipeline, classifier and back office.</summary>
public sealed class OrderStatusConversationTests(BotHostFixture fixture) : IClassFixture<BotHostFixture>
{
    private static readonly Requester Customer = Requester.Customer("CUS-0001");

    private readonly DirectLineClient _client = new(fixture.Host.CreateClient());

    public static TheoryData<string, string, string[]> OneTurnStories => new()
    {
        { "en-US", "where is my order ORD-100123", ["ORD-100123", "on its way"] },
        { "en-US", "#100123", ["ORD-100123"] },
        { "en-US", "order 100123", ["ORD-100123"] },
        { "en-US", "Where's ORD-100124?", ["ORD-100124", "delivered"] },
        { "en-US", "status of order ORD-100125 please", ["ORD-100125", "processed"] },
        { "en-US", "can you check order 100126", ["ORD-100126", "cancelled"] },
        { "id-ID", "pesanan saya ORD-100123 sudah sampai mana?", ["ORD-100123", "Pesanan", "pengiriman"] },
        { "id-ID", "tolong cek pesanan 100124 dong", ["ORD-100124", "diterima"] },
        { "en-US", "where is my order ORD-999999", ["ORD-999999", "couldn't find"] },
        { "id-ID", "pesanan saya ORD-999999 di mana ya?", ["ORD-999999", "tidak menemukan"] },
    };

    [Theory]
    [MemberData(nameof(OneTurnStories))]
    public async Task Order_status_question_gets_the_status_in_the_users_language(string locale, string question, string[] expected)
    {
        var session = await _client.StartAsync(locale, Customer);

        var reply = await session.AskAsync(question, locale);

        foreach (var fragment in expected)
        {
            Assert.Contains(fragment, reply, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Missing_order_number_is_asked_for_then_answered()
    {
        var session = await _client.StartAsync("en-US", Customer);

        var ask = await session.AskAsync("where is my order?");
        var answer = await session.AskAsync("100123");

        Assert.Contains("order number", ask, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("ORD-100123", answer);
        Assert.Contains("on its way", answer, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Missing_order_number_is_asked_for_in_indonesian()
    {
        var session = await _client.StartAsync("id-ID", Customer);

        var ask = await session.AskAsync("pesanan saya sudah sampai mana?");
        var answer = await session.AskAsync("ORD-100123");

        Assert.Contains("nomor pesanan", ask, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Pesanan ORD-100123", answer);
    }

    [Fact]
    public async Task Greeting_help_and_out_of_scope_get_sensible_answers()
    {
        var session = await _client.StartAsync("en-US", Customer);

        var greeting = await session.AskAsync("hello there");
        var help = await session.AskAsync("what can you do?");
        var oos = await session.AskAsync("what's the weather in Paris tomorrow?");

        Assert.NotEqual(greeting, help);
        Assert.NotEqual(help, oos);
        Assert.Contains("order", help, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("ORD-1001", oos.Replace("ORD-100123", ""), StringComparison.Ordinal);
    }
}
