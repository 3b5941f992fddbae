using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Connectors;
using HelpdeskBot.Skills.Conversations;
using HelpdeskBot.Skills.Orders;

namespace HelpdeskBot.Skills.Tests.Orders;

/// <summary>Cancelling an order through the real engine.</summary>
public sealed class OrderCancelConversationTests
{
    private static TestConversation Customer(string? locale = null) =>
        new TestConversation(locale)
            .Means("cancel my order ORD-100200", IntentNames.OrderCancel)
            .Means("cancel my order", IntentNames.OrderCancel)
            .Means("batalkan pesanan ORD-100200", IntentNames.OrderCancel)
            .Means("tolong batalkan pesanan saya", IntentNames.OrderCancel);

    [Fact]
    public async Task Cancelling_shows_what_will_be_cancelled_and_cancels_only_after_yes()
    {
        var conversation = Customer();

        var asked = await conversation.SayAsync("cancel my order ORD-100200");

        Assert.Equal("Order ORD-100200 (1 item, total Rp 89.000) hasn't shipped yet, so it can still be cancelled. Shall I cancel it?", asked.Text());
        Assert.Equal(["Yes", "No"], asked.ActionTitles());
        Assert.Empty(conversation.Orders.Cancellations);
        Assert.IsType<OrderCancelFormState>(asked.State.ActiveForm);

        var done = await conversation.SayAsync("yes");

        Assert.Equal("Order ORD-100200 is cancelled. The refund of Rp 89.000 goes back to your original payment method within 7 working days.", done.Text());
        Assert.Equal(("ORD-100200", conversation.User.Requester), Assert.Single(conversation.Orders.Cancellations));
        Assert.Null(done.State.ActiveForm);
        Assert.Equal(IntentNames.OrderCancel, done.Intent);
    }

    [Theory]
    [InlineData("id-ID", "batalkan pesanan ORD-100200", "ya, batalin aja")]
    [InlineData("id-ID", "batalkan pesanan ORD-100200", "iya batalkan")]
    [InlineData(null, "cancel my order ORD-100200", "yes, cancel it")]
    [InlineData(null, "cancel my order ORD-100200", "ok cancel it")]
    public async Task A_yes_that_repeats_cancel_at_the_confirmation_cancels_the_order_instead_of_stopping_the_form(
        string? locale, string request, string answer)
    {
        var conversation = Customer(locale);
        await conversation.SayAsync(request);

        var done = await conversation.SayAsync(answer);

        Assert.Equal(("ORD-100200", conversation.User.Requester), Assert.Single(conversation.Orders.Cancellations));
        Assert.Contains("ORD-100200", done.Text(), StringComparison.Ordinal);
        Assert.NotEqual(ConversationEngine.CancelIntent, done.Intent);
    }

    [Theory]
    [InlineData("id-ID", "batalkan pesanan ORD-100200", "batal", "tidak ada yang diubah")]
    [InlineData(null, "cancel my order ORD-100200", "never mind", "nothing was changed")]
    public async Task A_bare_cancel_word_at_the_confirmation_stops_and_says_nothing_was_changed(
        string? locale, string request, string answer, string expected)
    {
        var conversation = Customer(locale);
        await conversation.SayAsync(request);

        var stopped = await conversation.SayAsync(answer);

        Assert.Empty(conversation.Orders.Cancellations);
        Assert.Contains(expected, stopped.Text(), StringComparison.Ordinal);
        Assert.Null(stopped.State.ActiveForm);
    }

    [Fact]
    public async Task Pembatalan_dalam_bahasa_Indonesia_dengan_iya()
    {
        var conversation = Customer("id-ID");

        var asked = await conversation.SayAsync("batalkan pesanan ORD-100200");
        var done = await conversation.SayAsync("iya");

        Assert.Equal("Pesanan ORD-100200 (1 barang, total Rp 89.000) belum dikirim, jadi masih bisa dibatalkan. Apakah pesanan ini perlu saya batalkan?", asked.Text());
        Assert.Equal(["Ya", "Tidak"], asked.ActionTitles());
        Assert.Equal("Pesanan ORD-100200 sudah dibatalkan. Dana sebesar Rp 89.000 akan dikembalikan ke metode pembayaran awal Anda dalam 7 hari kerja.", done.Text());
        Assert.Single(conversation.Orders.Cancellations);
    }

    [Theory]
    [InlineData("en", "no", "OK, I have not cancelled order ORD-100200; nothing has changed.")]
    [InlineData("id-ID", "nggak", "Baik, pesanan ORD-100200 tidak saya batalkan; tidak ada yang berubah.")]
    [InlineData("id-ID", "jangan", "Baik, pesanan ORD-100200 tidak saya batalkan; tidak ada yang berubah.")]
    public async Task No_at_the_confirmation_cancels_nothing(string locale, string answer, string expected)
    {
        var conversation = Customer(locale);
        await conversation.SayAsync("cancel my order ORD-100200");

        var declined = await conversation.SayAsync(answer);

        Assert.Equal(expected, declined.Text());
        Assert.Empty(conversation.Orders.Cancellations);
        Assert.Null(declined.State.ActiveForm);
    }

    [Fact]
    public async Task A_shipped_order_cannot_be_cancelled_and_a_return_is_offered_instead()
    {
        var conversation = Customer().Means("cancel order ORD-100123", IntentNames.OrderCancel);

        var result = await conversation.SayAsync("cancel order ORD-100123");

        Assert.Equal("Order ORD-100123 has already shipped, so it can't be cancelled any more. Once it's delivered you can return it within 14 days for a refund.", result.Text());
        Assert.Equal(["Track an order", "Return or refund"], result.ActionTitles());
        Assert.Empty(conversation.Orders.Cancellations);
        Assert.Null(result.State.ActiveForm);
    }

    [Fact]
    public async Task Pesanan_yang_sudah_diterima_atau_dibatalkan_dijelaskan_dengan_kata_sederhana()
    {
        var conversation = Customer("id-ID")
            .Means("batalkan pesanan ORD-100300", IntentNames.OrderCancel)
            .Means("batalkan pesanan ORD-100400", IntentNames.OrderCancel);

        var delivered = await conversation.SayAsync("batalkan pesanan ORD-100300");
        var cancelled = await conversation.SayAsync("batalkan pesanan ORD-100400");

        Assert.Equal("Pesanan ORD-100300 sudah diterima, jadi tidak bisa dibatalkan. Sebagai gantinya, Anda bisa meretur pesanan dan mendapatkan refund.", delivered.Text());
        Assert.Equal(["Retur atau refund"], delivered.ActionTitles());
        Assert.Equal("Pesanan ORD-100400 sudah dibatalkan sebelumnya, jadi tidak ada lagi yang perlu dilakukan.", cancelled.Text());
    }

    [Fact]
    public async Task Another_customers_order_gets_the_same_reply_as_a_non_existent_one()
    {
        var someoneElses = await Customer().Means("cancel order ORD-100500", IntentNames.OrderCancel).SayAsync("cancel order ORD-100500");
        var missing = await Customer().Means("cancel order ORD-999999", IntentNames.OrderCancel).SayAsync("cancel order ORD-999999");

        Assert.Equal(missing.TextWithout("ORD-999999"), someoneElses.TextWithout("ORD-100500"));
        Assert.Equal(missing.ActionTitles(), someoneElses.ActionTitles());
        Assert.Null(someoneElses.State.ActiveForm);
    }

    [Fact]
    public async Task Order_system_down_at_the_yes_keeps_the_form_at_the_confirmation()
    {
        var conversation = Customer();
        await conversation.SayAsync("cancel my order ORD-100200");
        var before = conversation.State;
        conversation.Orders.Down = true;

        var down = await conversation.SayAsync("yes");

        Assert.StartsWith("Sorry, the order system is not answering right now.", down.Text(), StringComparison.Ordinal);
        Assert.Equal(before.ActiveForm, down.State.ActiveForm);
        Assert.Equal(OrderQuestion.Confirmation, Assert.IsType<OrderCancelFormState>(down.State.ActiveForm).Question);

        conversation.Orders.Down = false;
        var retried = await conversation.SayAsync("yes");

        Assert.StartsWith("Order ORD-100200 is cancelled.", retried.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_number_the_bot_asks_for_it_and_reprompts_with_the_reason()
    {
        var conversation = Customer("id-ID");

        var asked = await conversation.SayAsync("tolong batalkan pesanan saya");
        var invalid = await conversation.SayAsync("yang kemarin");
        var confirm = await conversation.SayAsync("100200");

        Assert.Equal("Baik, boleh saya tahu nomor pesanan Anda? Contohnya ORD-100123.", asked.Text());
        Assert.StartsWith("Maaf, saya tidak menemukan nomor pesanan di situ.", invalid.Text(), StringComparison.Ordinal);
        Assert.StartsWith("Pesanan ORD-100200 (1 barang", confirm.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_greeting_at_the_confirmation_is_answered_and_the_cancellation_offered_back()
    {
        var conversation = Customer();
        await conversation.SayAsync("cancel my order ORD-100200");

        var interrupted = await conversation.SayAsync("hello");
        var resumed = await conversation.SayAsync("yes");
        Assert.Empty(conversation.Orders.Cancellations);
        var done = await conversation.SayAsync("yes");

        Assert.Equal("Shall we get back to your request to cancel an order?", interrupted.Replies[^1].Text);
        Assert.Equal("I'm still waiting for your yes or no: shall I cancel order ORD-100200?", resumed.Text());
        Assert.Equal(["Yes", "No"], resumed.ActionTitles());
        Assert.StartsWith("Order ORD-100200 is cancelled.", done.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_at_the_confirmation_drops_the_form_and_not_the_order()
    {
        var conversation = Customer("id-ID");
        await conversation.SayAsync("batalkan pesanan ORD-100200");

        var result = await conversation.SayAsync("gak jadi");

        Assert.Equal("Baik, saya hentikan — tidak ada yang diubah. Ada lagi yang bisa saya bantu?", result.Text());
        Assert.Empty(conversation.Orders.Cancellations);
    }

    [Fact]
    public async Task An_anonymous_visitor_verifies_then_cancels_with_the_verified_order_on_the_requester()
    {
        var conversation = new TestConversation(requester: Requester.Anonymous).Means("cancel my order ORD-100200", IntentNames.OrderCancel);

        var asked = await conversation.SayAsync("cancel my order ORD-100200");
        Assert.Empty(conversation.Orders.Checks);
        var confirm = await conversation.SayAsync("budi@example.com");
        var done = await conversation.SayAsync("yes");

        Assert.Contains("e-mail address you used for order ORD-100200", asked.Text(), StringComparison.Ordinal);
        Assert.StartsWith("Order ORD-100200 (1 item", confirm.Text(), StringComparison.Ordinal);
        Assert.StartsWith("Order ORD-100200 is cancelled.", done.Text(), StringComparison.Ordinal);
        var cancellation = Assert.Single(conversation.Orders.Cancellations);
        Assert.Equal(["ORD-100200"], cancellation.Requester.VerifiedOrderNumbers);
    }

    [Fact]
    public async Task An_unclear_answer_to_the_confirmation_asks_again_for_yes_or_no()
    {
        var conversation = Customer();
        await conversation.SayAsync("cancel my order ORD-100200");

        var result = await conversation.SayAsync("hmm what would that mean");

        Assert.Equal("Sorry, I need a yes or no: shall I cancel order ORD-100200?", result.Text());
        Assert.Equal(["Yes", "No"], result.ActionTitles());
    }

    [Fact]
    public async Task Three_unclear_answers_give_up_with_help_or_a_person()
    {
        var conversation = Customer();
        await conversation.SayAsync("cancel my order ORD-100200");
        await conversation.SayAsync("hmm");
        await conversation.SayAsync("hmm");

        var result = await conversation.SayAsync("hmm");

        Assert.StartsWith("I didn't get a yes or no, so I have not cancelled order ORD-100200.", result.Text(), StringComparison.Ordinal);
        Assert.Equal(["Help", "Talk to a person"], result.ActionTitles());
        Assert.Empty(conversation.Orders.Cancellations);
    }

    [Fact]
    public async Task Another_order_number_at_the_confirmation_is_checked_instead()
    {
        var conversation = Customer();
        await conversation.SayAsync("cancel my order ORD-100200");

        var result = await conversation.SayAsync("ORD-100123");

        Assert.Equal(IntentNames.OrderCancel, result.Intent);
        Assert.StartsWith("Order ORD-100123 has already shipped", result.Text(), StringComparison.Ordinal);
        Assert.Empty(conversation.Orders.Cancellations);
        Assert.Null(result.State.SuspendedForm);
    }
}
