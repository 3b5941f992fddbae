using HelpdeskBot.Connectors;
using HelpdeskBot.Connectors.Orders;
using HelpdeskBot.Skills.Conversations;
using HelpdeskBot.Skills.Handoff;
using HelpdeskBot.Skills.Orders;

namespace HelpdeskBot.Skills.Tests.Orders;

/// <summary>Order status through the real engine, with anonymous visitors verifying with the e-mail on the order.</summary>
public sealed class OrderStatusConversationTests
{
    private static TestConversation Visitor(string? locale = null) => new(locale, Requester.Anonymous);

    [Fact]
    public async Task An_anonymous_visitor_gives_the_email_on_the_order_before_seeing_its_status()
    {
        var conversation = Visitor();

        var asked = await conversation.SayAsync("where is my order ORD-100123");
        Assert.Empty(conversation.Orders.Lookups);
        var answered = await conversation.SayAsync("budi@example.com");

        Assert.Equal("To keep your order details private, please tell me the e-mail address you used for order ORD-100123.", asked.Text());
        Assert.StartsWith("Order ORD-100123 is on its way with JNE.", answered.Text(), StringComparison.Ordinal);
        Assert.Equal(("ORD-100123", "budi@example.com", "web-user-1"), Assert.Single(conversation.Orders.Verifications));
        var lookup = Assert.Single(conversation.Orders.Lookups);
        Assert.Equal(RequesterKind.Anonymous, lookup.Requester.Kind);
        Assert.Equal(["ORD-100123"], lookup.Requester.VerifiedOrderNumbers);
        Assert.Equal(["ORD-100123"], conversation.State.VerifiedOrderNumbers);
        Assert.Null(answered.State.ActiveForm);
    }

    [Fact]
    public async Task A_verified_order_is_not_verified_again_in_the_same_conversation()
    {
        var conversation = Visitor();
        await conversation.SayAsync("where is my order ORD-100123");
        await conversation.SayAsync("budi@example.com");

        var again = await conversation.SayAsync("where is my order ORD-100123");

        Assert.StartsWith("Order ORD-100123 is on its way", again.Text(), StringComparison.Ordinal);
        Assert.Single(conversation.Orders.Verifications);
    }

    [Fact]
    public async Task Seorang_pengunjung_memverifikasi_dalam_bahasa_Indonesia_dan_salah_email_dihitung()
    {
        var conversation = Visitor("id-ID");

        var asked = await conversation.SayAsync("pesanan saya ORD-100123 sudah sampai mana?");
        var wrong = await conversation.SayAsync("orang@lain.com");
        var right = await conversation.SayAsync("budi@example.com");

        Assert.Equal("Demi menjaga kerahasiaan data pesanan, mohon sebutkan alamat e-mail yang Anda gunakan untuk pesanan ORD-100123.", asked.Text());
        Assert.Equal("Maaf, alamat e-mail tersebut tidak cocok dengan pesanan ORD-100123. Mohon periksa kembali dan coba lagi (sisa 4 kali percobaan).", wrong.Text());
        Assert.StartsWith("Pesanan ORD-100123 sedang dalam pengiriman dengan JNE.", right.Text(), StringComparison.Ordinal);
        Assert.Equal("id", right.Language);
    }

    [Fact]
    public async Task A_mismatch_reads_the_same_whether_the_order_exists_or_not()
    {
        var existing = Visitor();
        await existing.SayAsync("where is my order ORD-100123");
        var wrongEmail = await existing.SayAsync("someone@else.com");

        var missing = Visitor();
        await missing.SayAsync("where is my order ORD-999999");
        var noSuchOrder = await missing.SayAsync("budi@example.com");

        Assert.Equal(wrongEmail.TextWithout("ORD-100123"), noSuchOrder.TextWithout("ORD-999999"));
        Assert.Empty(existing.Orders.Lookups);
        Assert.Empty(missing.Orders.Lookups);
    }

    [Fact]
    public async Task After_the_order_system_locks_the_visitor_out_a_person_is_fetched_to_verify_another_way()
    {
        var conversation = Visitor();
        await conversation.SayAsync("where is my order ORD-100123");
        var replies = new List<TurnResult>();
        for (var i = 0; i < IOrderService.MaxVerificationFailures; i++)
        {
            replies.Add(await conversation.SayAsync($"wrong{i}@example.com"));
        }

        var lastTry = replies[^2];
        var lockedOut = replies[^1];
        Assert.Contains("You have 1 try left", lastTry.Text(), StringComparison.Ordinal);
        Assert.StartsWith("Too many tries, so I can't check that order myself right now. A person can verify it with you in other ways.", lockedOut.Text(), StringComparison.Ordinal);
        Assert.Contains("I'm connecting you with a person from our order support team. You're number 2 in the queue", lockedOut.Text(), StringComparison.Ordinal);
        Assert.Equal(["Stop waiting"], lockedOut.ActionTitles());
        Assert.Null(lockedOut.State.ActiveForm);
        var request = Assert.Single(conversation.Desk.Requests);
        Assert.Equal((HandoffQueues.Orders, HandoffReason.SkillRequest), (request.Queue, request.Reason));
        Assert.Contains("verification locked", request.Detail, StringComparison.Ordinal);

        // The order system refuses further checks outright, even with the right address.
        await conversation.SayAsync("where is my order ORD-100123");
        var refused = await conversation.SayAsync("budi@example.com");

        Assert.StartsWith("Too many tries", refused.Text(), StringComparison.Ordinal);
        Assert.Empty(conversation.Orders.Lookups);
    }

    [Fact]
    public async Task Pengunjung_yang_terkunci_mendapat_pesan_dalam_bahasa_Indonesia()
    {
        var conversation = Visitor("id-ID");
        await conversation.SayAsync("lacak pesanan saya ORD-100123");
        TurnResult last = null!;
        for (var i = 0; i < IOrderService.MaxVerificationFailures; i++)
        {
            last = await conversation.SayAsync($"salah{i}@example.com");
        }

        Assert.StartsWith("Terlalu banyak percobaan, jadi pesanan itu belum bisa saya cek sendiri sekarang.", last.Text(), StringComparison.Ordinal);
        Assert.Contains("Saya hubungkan Anda dengan petugas dari tim layanan pesanan. Anda di antrean nomor 2", last.Text(), StringComparison.Ordinal);
        Assert.Equal(["Berhenti menunggu"], last.ActionTitles());
        Assert.Equal("id", Assert.Single(conversation.Desk.Requests).Language);
    }

    [Fact]
    public async Task A_signed_in_customer_is_never_asked_to_verify()
    {
        var conversation = new TestConversation();

        var result = await conversation.SayAsync("where is my order ORD-100123");

        Assert.StartsWith("Order ORD-100123 is on its way", result.Text(), StringComparison.Ordinal);
        Assert.Empty(conversation.Orders.Verifications);
    }

    [Fact]
    public async Task A_customer_asking_for_another_customers_order_gets_the_same_reply_as_for_a_non_existent_one()
    {
        var someoneElses = await new TestConversation().SayAsync("where is my order ORD-100500");
        var missing = await new TestConversation().SayAsync("where is my order ORD-999999");

        Assert.Equal(missing.TextWithout("ORD-999999"), someoneElses.TextWithout("ORD-100500"));
        Assert.Equal(missing.ActionTitles(), someoneElses.ActionTitles());
    }

    [Fact]
    public async Task Order_system_down_during_verification_keeps_the_form_at_the_email_question()
    {
        var conversation = Visitor();
        await conversation.SayAsync("where is my order ORD-100123");
        var before = conversation.State;
        conversation.Orders.Down = true;

        var down = await conversation.SayAsync("budi@example.com");

        Assert.StartsWith("Sorry, the order system is not answering right now.", down.Text(), StringComparison.Ordinal);
        Assert.Equal(before.ActiveForm, down.State.ActiveForm);
        Assert.Null(down.State.VerifiedOrderNumbers);

        conversation.Orders.Down = false;
        var retried = await conversation.SayAsync("budi@example.com");

        Assert.StartsWith("Order ORD-100123 is on its way", retried.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_greeting_at_the_email_question_is_answered_and_the_verification_offered_back()
    {
        var conversation = Visitor();
        await conversation.SayAsync("where is my order ORD-100123");

        var interrupted = await conversation.SayAsync("hello");
        var resumed = await conversation.SayAsync("yes");
        var answered = await conversation.SayAsync("budi@example.com");

        Assert.Equal("Shall we get back to your request to track an order?", interrupted.Replies[^1].Text);
        Assert.Equal("I'm still waiting for the e-mail address you used for order ORD-100123, or type \"cancel\".", resumed.Text());
        Assert.StartsWith("Order ORD-100123 is on its way", answered.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pengunjung_membatalkan_verifikasi_dan_tidak_ada_yang_dicek()
    {
        var conversation = Visitor("id-ID");
        await conversation.SayAsync("lacak pesanan saya");
        var asked = await conversation.SayAsync("100123");

        var cancelled = await conversation.SayAsync("gak jadi");

        Assert.Contains("alamat e-mail", asked.Text(), StringComparison.Ordinal);
        Assert.Equal("Baik, saya hentikan — tidak ada yang diubah. Ada lagi yang bisa saya bantu?", cancelled.Text());
        Assert.Empty(conversation.Orders.Verifications);
        Assert.Null(cancelled.State.ActiveForm);
    }

    [Fact]
    public async Task An_answer_that_is_not_an_email_is_reprompted_with_the_reason()
    {
        var conversation = Visitor();
        await conversation.SayAsync("where is my order ORD-100123");

        var result = await conversation.SayAsync("my name is Budi");

        Assert.Equal("That doesn't look like an e-mail address. Please send the e-mail you used for order ORD-100123, like name@example.com.", result.Text());
        Assert.IsType<OrderStatusFormState>(result.State.ActiveForm);
    }

    [Fact]
    public async Task An_email_address_answer_keeps_the_conversation_in_Indonesian()
    {
        var conversation = Visitor();
        await conversation.SayAsync("pesanan saya ORD-100123 sudah sampai mana?");

        var answered = await conversation.SayAsync("budi@example.com");

        Assert.Equal("id", answered.Language);
        Assert.StartsWith("Pesanan ORD-100123 sedang dalam pengiriman", answered.Text(), StringComparison.Ordinal);
    }
}
