using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Connectors;
using HelpdeskBot.Connectors.Orders;
using HelpdeskBot.Skills.Orders;

namespace HelpdeskBot.Skills.Tests.Orders;

/// <summary>Returning an order through the real engine.</summary>
public sealed class OrderReturnConversationTests
{
    private static readonly string[] EnglishReasons = ["Damaged", "Wrong item", "Not as described", "No longer needed", "Other"];

    private static TestConversation Customer(string? locale = null) =>
        new TestConversation(locale)
            .Means("I want to return order ORD-100600", IntentNames.OrderReturn)
            .Means("saya mau retur pesanan ORD-100600", IntentNames.OrderReturn);

    [Fact]
    public async Task Returning_asks_the_reason_shows_the_refund_and_opens_the_return_after_yes()
    {
        var conversation = Customer();

        var reason = await conversation.SayAsync("I want to return order ORD-100600");
        var confirm = await conversation.SayAsync("Damaged");
        Assert.Empty(conversation.Orders.Returns);
        var done = await conversation.SayAsync("yes");

        Assert.Equal("Order ORD-100600 can be returned until 9 December 2026.\nWhat's the reason for returning order ORD-100600?", reason.Text());
        Assert.Equal(EnglishReasons, reason.ActionTitles());
        Assert.Equal(
            "Please confirm: return order ORD-100600 (reason: Damaged). Once we receive the items, Rp 750.000 will be refunded to your original payment method. Shall I go ahead?",
            confirm.Text());
        Assert.Equal(["Yes", "No"], confirm.ActionTitles());
        Assert.StartsWith("Your return RET-000101 for order ORD-100600 is registered.\nNext steps:", done.Text(), StringComparison.Ordinal);
        Assert.Contains("Rp 750.000 goes back to your original payment method within 7 working days", done.Text(), StringComparison.Ordinal);
        Assert.Equal(("ORD-100600", ReturnReason.Damaged, (string?)null, conversation.User.Requester), Assert.Single(conversation.Orders.Returns));
        Assert.Null(done.State.ActiveForm);
    }

    [Fact]
    public async Task Retur_dengan_alasan_lainnya_meminta_penjelasan_singkat()
    {
        var conversation = Customer("id-ID");

        var reason = await conversation.SayAsync("saya mau retur pesanan ORD-100600");
        var note = await conversation.SayAsync("Lainnya");
        var confirm = await conversation.SayAsync("warnanya jauh lebih gelap dari foto");
        var done = await conversation.SayAsync("ya");

        Assert.Equal(["Rusak", "Barang salah", "Tidak sesuai deskripsi", "Tidak diperlukan lagi", "Lainnya"], reason.ActionTitles());
        Assert.StartsWith("Pesanan ORD-100600 bisa diretur sampai 9 Desember 2026.", reason.Text(), StringComparison.Ordinal);
        Assert.Equal("Mohon jelaskan singkat masalah pada pesanan ORD-100600.", note.Text());
        Assert.StartsWith("Mohon konfirmasi: retur pesanan ORD-100600 (alasan: Lainnya).", confirm.Text(), StringComparison.Ordinal);
        Assert.StartsWith("Retur RET-000101 untuk pesanan ORD-100600 sudah terdaftar.", done.Text(), StringComparison.Ordinal);
        var request = Assert.Single(conversation.Orders.Returns);
        Assert.Equal((ReturnReason.Other, "warnanya jauh lebih gelap dari foto"), (request.Reason, request.Note));
    }

    [Fact]
    public async Task A_closed_return_window_is_explained_with_its_date()
    {
        var conversation = Customer().Means("return order ORD-100300", IntentNames.OrderReturn);

        var result = await conversation.SayAsync("return order ORD-100300");

        Assert.Equal("Sorry, the 14-day return window for order ORD-100300 closed on 22 January 2026, so it can no longer be returned.", result.Text());
        Assert.Null(result.State.ActiveForm);
    }

    [Fact]
    public async Task Pesanan_yang_belum_diterima_atau_sudah_diretur_dijelaskan()
    {
        var conversation = Customer("id-ID")
            .Means("retur pesanan ORD-100123", IntentNames.OrderReturn)
            .Means("retur pesanan ORD-100200", IntentNames.OrderReturn)
            .Means("retur pesanan ORD-100700", IntentNames.OrderReturn);

        var shipped = await conversation.SayAsync("retur pesanan ORD-100123");
        var processing = await conversation.SayAsync("retur pesanan ORD-100200");
        var returned = await conversation.SayAsync("retur pesanan ORD-100700");

        Assert.Equal("Pesanan ORD-100123 belum diterima. Anda bisa mengajukan retur setelah pesanan tiba, paling lambat 14 hari setelah diterima.", shipped.Text());
        Assert.Equal(["Lacak pesanan"], shipped.ActionTitles());
        Assert.StartsWith("Pesanan ORD-100200 belum dikirim", processing.Text(), StringComparison.Ordinal);
        Assert.Equal(["Batalkan pesanan"], processing.ActionTitles());
        Assert.Equal("Retur untuk pesanan ORD-100700 sudah diajukan: RET-000042. Kami akan mengabari Anda melalui e-mail.", returned.Text());
        Assert.Empty(conversation.Orders.Returns);
    }

    [Fact]
    public async Task Another_customers_order_gets_the_same_reply_as_a_non_existent_one()
    {
        var someoneElses = await Customer().Means("return ORD-100500", IntentNames.OrderReturn).SayAsync("return ORD-100500");
        var missing = await Customer().Means("return ORD-999999", IntentNames.OrderReturn).SayAsync("return ORD-999999");

        Assert.Equal(missing.TextWithout("ORD-999999"), someoneElses.TextWithout("ORD-100500"));
        Assert.Equal(missing.ActionTitles(), someoneElses.ActionTitles());
    }

    [Fact]
    public async Task An_unknown_reason_is_reprompted_with_the_choices()
    {
        var conversation = Customer();
        await conversation.SayAsync("I want to return order ORD-100600");

        var result = await conversation.SayAsync("because reasons");

        Assert.Equal("Sorry, I didn't catch the reason. I need one of: Damaged, Wrong item, Not as described, No longer needed, Other.", result.Text());
        Assert.Equal(EnglishReasons, result.ActionTitles());
    }

    [Fact]
    public async Task No_at_the_confirmation_requests_nothing()
    {
        var conversation = Customer("id-ID");
        await conversation.SayAsync("saya mau retur pesanan ORD-100600");
        await conversation.SayAsync("Rusak");

        var result = await conversation.SayAsync("tidak");

        Assert.Equal("Baik, retur pesanan ORD-100600 tidak saya ajukan; tidak ada yang berubah.", result.Text());
        Assert.Empty(conversation.Orders.Returns);
    }

    [Fact]
    public async Task Order_system_down_at_the_yes_keeps_the_form_at_the_confirmation()
    {
        var conversation = Customer();
        await conversation.SayAsync("I want to return order ORD-100600");
        await conversation.SayAsync("Wrong item");
        var before = conversation.State;
        conversation.Orders.Down = true;

        var down = await conversation.SayAsync("yes");

        Assert.StartsWith("Sorry, the order system is not answering right now.", down.Text(), StringComparison.Ordinal);
        Assert.Equal(before.ActiveForm, down.State.ActiveForm);

        conversation.Orders.Down = false;
        var retried = await conversation.SayAsync("yes");

        Assert.StartsWith("Your return RET-000101", retried.Text(), StringComparison.Ordinal);
        Assert.Equal(ReturnReason.WrongItem, Assert.Single(conversation.Orders.Returns).Reason);
    }

    [Fact]
    public async Task A_greeting_at_the_reason_is_answered_and_the_return_offered_back_with_the_reasons()
    {
        var conversation = Customer();
        await conversation.SayAsync("I want to return order ORD-100600");

        var interrupted = await conversation.SayAsync("hello");
        var resumed = await conversation.SayAsync("yes");
        var confirm = await conversation.SayAsync("No longer needed");

        Assert.Equal("Shall we get back to your request to return an item or get a refund?", interrupted.Replies[^1].Text);
        Assert.Equal("What's the reason for returning order ORD-100600?", resumed.Text());
        Assert.Equal(EnglishReasons, resumed.ActionTitles());
        Assert.Contains("(reason: No longer needed)", confirm.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_anonymous_visitor_verifies_before_the_return_is_checked()
    {
        var conversation = new TestConversation("id-ID", Requester.Anonymous).Means("saya mau retur pesanan ORD-100600", IntentNames.OrderReturn);

        var asked = await conversation.SayAsync("saya mau retur pesanan ORD-100600");
        var reason = await conversation.SayAsync("budi@example.com");

        Assert.Contains("alamat e-mail yang Anda gunakan untuk pesanan ORD-100600", asked.Text(), StringComparison.Ordinal);
        Assert.StartsWith("Pesanan ORD-100600 bisa diretur sampai", reason.Text(), StringComparison.Ordinal);
        Assert.Equal(["ORD-100600"], Assert.Single(conversation.Orders.Checks).Requester.VerifiedOrderNumbers);
        Assert.IsType<OrderReturnFormState>(reason.State.ActiveForm);
    }
}
