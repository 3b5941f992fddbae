using HelpdeskBot.Bot.Tests.Channels;

namespace HelpdeskBot.Bot.Tests.Conversations;

/// <summary>Whatever people type, the bot answers something sensible and the conversation carries on.</summary>
public sealed class UnusualTextTests(BotHostFixture fixture) : IClassFixture<BotHostFixture>
{
    private readonly DirectLineClient _client = new(fixture.Host.CreateClient());

    public static TheoryData<string, string> Texts => new()
    {
        { "emoji only", "😀😀👍" },
        { "control characters", "\u0001\u0002\u0007 \u001b[31m" },
        { "Arabic", "مرحبا، أين طلبي؟" },
        { "Chinese", "我的订单在哪里" },
        { "Cyrillic", "где мой заказ" },
        { "punctuation", "?!?!...." },
        { "ten thousand characters", new string('x', 9_980) + " ORD-100123" },
        { "lone surrogate", "where is \ud800 my order" },
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public async Task Unusual_text_gets_a_reply_and_the_conversation_keeps_working(string why, string text)
    {
        var session = await _client.StartAsync("en-US");

        var reply = await session.AskAsync(text);
        var next = await session.AskAsync("where is my order ORD-100124");

        Assert.False(string.IsNullOrWhiteSpace(reply), why);
        Assert.Contains("ORD-100124", next);
    }

    [Theory]
    [InlineData("cancel my order ORD-100125", "e-mail address you used for order ORD-100125")]
    [InlineData("I forgot my password", "for employees signed in through Microsoft Teams")]
    [InlineData("how many leave days do I have left?", "for employees signed in through Microsoft Teams")]
    [InlineData("saya lupa password email kantor", "layanan untuk karyawan")]
    public async Task An_anonymous_visitor_verifies_orders_and_is_told_employee_services_are_for_employees(string text, string topic)
    {
        var session = await _client.StartAsync();

        var reply = await session.AskAsync(text);

        Assert.Contains(topic, reply, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("thanks a lot!", "welcome")]
    [InlineData("makasih banyak kak", "Sama-sama")]
    [InlineData("bye, have a nice day", "Goodbye")]
    [InlineData("udah itu aja, dadah", "Sampai jumpa")]
    public async Task Thanks_and_goodbye_are_answered_in_the_users_language(string text, string expected)
    {
        var session = await _client.StartAsync();

        Assert.Contains(expected, await session.AskAsync(text), StringComparison.OrdinalIgnoreCase);
    }
}
