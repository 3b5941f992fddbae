using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Connectors;
using HelpdeskBot.Skills.Conversations;
using HelpdeskBot.Skills.Handoff;
using HelpdeskBot.Skills.Tests.Orders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HelpdeskBot.Skills.Tests.Handoff;

/// <summary>When the bot fetches a person, what it says while doing so, callbacks outside hours and the rating afterwards.</summary>
public sealed class HandoffConversationTests
{
    private static IntentPrediction Unsure(string top, string second) =>
        new(top, 0.45f, true, [new(IntentNames.OutOfScope, 0.05f), new(second, 0.43f), new(top, 0.45f)]);

    [Fact]
    public async Task Two_messages_in_a_row_the_bot_cannot_understand_fetch_a_person()
    {
        var conversation = new TestConversation();

        var first = await conversation.SayAsync("what's the weather tomorrow");
        var second = await conversation.SayAsync("can you book me a flight to Bali");

        Assert.Equal(1, first.State.FallbackStreak);
        Assert.Contains("Talk to a person", first.ActionTitles());
        Assert.StartsWith("I'm having trouble understanding, so I'll get a person to help you.\nI'm connecting you with a person from our support team.", second.Text(), StringComparison.Ordinal);
        var request = Assert.Single(conversation.Desk.Requests);
        Assert.Equal((HandoffReason.RepeatedFallback, HandoffQueues.General, 0), (request.Reason, request.Queue, request.Priority));
        Assert.Equal(0, second.State.FallbackStreak);
    }

    [Fact]
    public async Task An_understood_message_between_two_fallbacks_starts_the_count_again()
    {
        var conversation = new TestConversation();

        await conversation.SayAsync("what's the weather tomorrow");
        var understood = await conversation.SayAsync("where is my order ORD-100123");
        var again = await conversation.SayAsync("can you book me a flight to Bali");

        Assert.Equal(0, understood.State.FallbackStreak);
        Assert.Equal(1, again.State.FallbackStreak);
        Assert.Empty(conversation.Desk.Requests);
        Assert.Equal(IntentNames.OrderStatus, again.State.LastTaskIntent);
    }

    [Fact]
    public async Task The_fallback_count_comes_from_configuration_and_zero_turns_it_off()
    {
        var three = new TestConversation(configure: s => s.Configure<HandoffTriggerOptions>(o => o.FallbacksBeforeHandoff = 3));
        var never = new TestConversation(configure: s => s.Configure<HandoffTriggerOptions>(o => o.FallbacksBeforeHandoff = 0));

        for (var i = 0; i < 2; i++)
        {
            await three.SayAsync($"gibberish number {i}");
        }

        Assert.Empty(three.Desk.Requests);
        await three.SayAsync("more gibberish");
        Assert.Single(three.Desk.Requests);
        for (var i = 0; i < 5; i++)
        {
            await never.SayAsync($"gibberish number {i}");
        }

        Assert.Empty(never.Desk.Requests);
    }

    [Fact]
    public async Task Unsure_guesses_three_times_in_a_row_fetch_a_person()
    {
        var conversation = new TestConversation("id-ID");
        conversation.Classifier.Returns("cek dong", Unsure(IntentNames.OrderStatus, IntentNames.InvoiceStatus));
        conversation.Classifier.Returns("itu loh", Unsure(IntentNames.OrderCancel, IntentNames.OrderReturn));
        conversation.Classifier.Returns("yang kemarin", Unsure(IntentNames.InvoiceCopy, IntentNames.InvoiceStatus));

        var first = await conversation.SayAsync("cek dong");
        await conversation.SayAsync("itu loh");
        var third = await conversation.SayAsync("yang kemarin");

        Assert.Equal("Maaf, saya kurang yakin maksud Anda. Yang mana yang Anda maksud?", first.Text());
        Assert.Equal(1, first.State.LowConfidenceStreak);
        Assert.Contains("Saya hubungkan Anda dengan petugas dari tim layanan bantuan.", third.Text(), StringComparison.Ordinal);
        Assert.Equal(HandoffReason.LowConfidence, Assert.Single(conversation.Desk.Requests).Reason);
    }

    [Theory]
    [InlineData("this is useless", "en", "I'm sorry I haven't been able to help. Let me get you a person.")]
    [InlineData("you're not helping!!", "en", "I'm sorry I haven't been able to help. Let me get you a person.")]
    [InlineData("bot ini gak ngerti sama sekali", "id", "Mohon maaf saya belum bisa membantu. Saya hubungkan Anda dengan petugas.")]
    [InlineData("gak membantu sama sekali", "id", "Mohon maaf saya belum bisa membantu. Saya hubungkan Anda dengan petugas.")]
    public async Task A_frustrated_user_gets_an_apology_and_a_person_first_in_line(string message, string language, string apology)
    {
        var conversation = new TestConversation(language == "id" ? "id-ID" : "en-US");

        var result = await conversation.SayAsync(message);

        Assert.Equal(IntentNames.AgentHandoff, result.Intent);
        Assert.Equal(apology, result.Replies[0].Text);
        var request = Assert.Single(conversation.Desk.Requests);
        Assert.Equal((HandoffReason.Frustration, 1), (request.Reason, request.Priority));
        Assert.Equal(language, request.Language);
    }

    [Fact]
    public async Task Asking_for_a_person_in_the_middle_of_a_form_drops_the_form()
    {
        var conversation = new TestConversation("en-US", Requester.Anonymous);
        conversation.Classifier.Returns("talk to a human", new IntentPrediction(IntentNames.AgentHandoff, 0.97f, false, [new(IntentNames.AgentHandoff, 0.97f)]));
        var asking = await conversation.SayAsync("where is my order ORD-100123");
        Assert.NotNull(asking.State.ActiveForm);

        var result = await conversation.SayAsync("talk to a human");

        Assert.Null(result.State.ActiveForm);
        Assert.Null(result.State.SuspendedForm);
        Assert.Equal(HandoffQueues.Orders, Assert.Single(conversation.Desk.Requests).Queue);
    }

    [Fact]
    public async Task The_talk_to_a_person_button_works_in_both_languages()
    {
        var english = new TestConversation();
        var indonesian = new TestConversation("id-ID");

        var en = await english.SayAsync("Talk to a person");
        var id = await indonesian.SayAsync("Bicara dengan petugas");

        Assert.Equal(HandoffReason.UserAsked, Assert.Single(english.Desk.Requests).Reason);
        Assert.Equal(HandoffReason.UserAsked, Assert.Single(indonesian.Desk.Requests).Reason);
        Assert.Equal(["Stop waiting"], en.ActionTitles());
        Assert.Equal(["Berhenti menunggu"], id.ActionTitles());
    }

    [Fact]
    public async Task A_refund_above_the_limit_goes_to_a_person_in_the_orders_queue()
    {
        var conversation = new TestConversation(configure: s => s.Configure<HandoffTriggerOptions>(o => o.RefundApprovalLimitIdr = 500_000m))
            .Means("I want to return order ORD-100600", IntentNames.OrderReturn);

        var result = await conversation.SayAsync("I want to return order ORD-100600");

        Assert.StartsWith(
            "Order ORD-100600 can be returned, but a refund of Rp 750.000 is above what I can arrange myself (Rp 500.000). A person from our team will take it from here.\nI'm connecting you with a person from our order support team.",
            result.Text(), StringComparison.Ordinal);
        var request = Assert.Single(conversation.Desk.Requests);
        Assert.Equal((HandoffReason.SkillRequest, HandoffQueues.Orders, 1), (request.Reason, request.Queue, request.Priority));
        Assert.Contains("Rp 750.000", request.Detail, StringComparison.Ordinal);
        Assert.Empty(conversation.Orders.Returns);
        Assert.Null(result.State.ActiveForm);
    }

    [Fact]
    public async Task A_refund_within_the_limit_stays_with_the_bot()
    {
        var conversation = new TestConversation().Means("I want to return order ORD-100600", IntentNames.OrderReturn);

        var result = await conversation.SayAsync("I want to return order ORD-100600");

        Assert.Empty(conversation.Desk.Requests);
        Assert.NotNull(result.State.ActiveForm);
    }

    [Fact]
    public async Task Outside_hours_a_visitor_leaves_details_and_a_contact_for_a_callback()
    {
        var conversation = new TestConversation("en-US", Requester.Anonymous);
        conversation.Desk.ClosedUntil = new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.FromHours(7));

        var closed = await conversation.SayAsync("Talk to a person");
        var details = await conversation.SayAsync("My parcel arrived damaged and I want my money back");
        var badContact = await conversation.SayAsync("call me maybe");
        var filed = await conversation.SayAsync("you can reach me at budi@example.com");

        Assert.Equal(
            "Our support team is not available right now (next opening: Monday 7 December 2026, 08:00). I can file a callback request so they contact you. What do you need help with?",
            closed.Text());
        Assert.Equal("How can we reach you? Please type an e-mail address or a phone number.", details.Text());
        Assert.StartsWith("That doesn't look like an e-mail address", badContact.Text(), StringComparison.Ordinal);
        Assert.StartsWith("Done: callback request CB-000001 is filed with our support team. They'll contact you when they're back (Monday 7 December 2026, 08:00).", filed.Text(), StringComparison.Ordinal);
        var callback = Assert.Single(conversation.Desk.Callbacks);
        Assert.Equal(("My parcel arrived damaged and I want my money back", "budi@example.com", HandoffQueues.General), (callback.Details, callback.Contact, callback.Queue));
        Assert.Null(filed.State.ActiveForm);
    }

    [Fact]
    public async Task Di_luar_jam_kerja_pelanggan_yang_masuk_tidak_ditanya_kontak()
    {
        var conversation = new TestConversation("id-ID");
        conversation.Desk.ClosedUntil = new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.FromHours(7));

        var closed = await conversation.SayAsync("Bicara dengan petugas");
        var shortAnswer = await conversation.SayAsync("ok");
        var filed = await conversation.SayAsync("Tagihan saya ditagih dua kali bulan ini");

        Assert.StartsWith("Tim layanan bantuan sedang tidak tersedia saat ini (buka lagi: Rabu, 2 Desember 2026 pukul 09.00).", closed.Text(), StringComparison.Ordinal);
        Assert.StartsWith("Mohon jelaskan dalam beberapa kata", shortAnswer.Text(), StringComparison.Ordinal);
        Assert.StartsWith("Selesai: permintaan dihubungi kembali CB-000001 sudah diteruskan ke tim layanan bantuan.", filed.Text(), StringComparison.Ordinal);
        Assert.Null(Assert.Single(conversation.Desk.Callbacks).Contact);
    }

    [Fact]
    public async Task A_confident_request_typed_as_callback_details_is_filed_as_the_details()
    {
        var conversation = new TestConversation();
        conversation.Desk.ClosedUntil = new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.FromHours(7));
        await conversation.SayAsync("Talk to a person");

        var filed = await conversation.SayAsync("where is my order ORD-100123");

        Assert.StartsWith("Done: callback request CB-000001", filed.Text(), StringComparison.Ordinal);
        Assert.Equal("where is my order ORD-100123", Assert.Single(conversation.Desk.Callbacks).Details);
        Assert.Empty(conversation.Orders.Lookups);
    }

    [Theory]
    [InlineData("4", 4)]
    [InlineData("5 stars", 5)]
    [InlineData("⭐⭐⭐", 3)]
    [InlineData("empat", 4)]
    [InlineData("2/5", 2)]
    [InlineData("nilai 1", 1)]
    public async Task After_an_agent_resolves_the_rating_is_recorded_and_thanked(string answer, int score)
    {
        var conversation = new TestConversation();
        conversation.State = conversation.State with { ActiveForm = new SatisfactionFormState { CaseId = 42, LastActivityAt = TestConversation.Start } };

        var result = await conversation.SayAsync(answer);

        Assert.Equal(("conversation-1", 42L, score), Assert.Single(conversation.Desk.Ratings));
        Assert.Equal("Thank you for your rating! Anything else I can help with?", result.Replies[0].Text);
        Assert.Null(result.State.ActiveForm);
    }

    [Fact]
    public async Task A_new_request_instead_of_a_rating_is_answered_and_nothing_is_recorded()
    {
        var conversation = new TestConversation();
        conversation.State = conversation.State with { ActiveForm = new SatisfactionFormState { CaseId = 42, LastActivityAt = TestConversation.Start } };

        var result = await conversation.SayAsync("where is my order ORD-100123");

        Assert.Empty(conversation.Desk.Ratings);
        Assert.Equal(IntentNames.OrderStatus, result.Intent);
        Assert.StartsWith("Order ORD-100123 is on its way", result.Text(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("6")]
    [InlineData("45")]
    [InlineData("4 orders please")]
    [InlineData("")]
    public void Only_ratings_from_1_to_5_are_read_as_ratings(string text) =>
        Assert.Null(SatisfactionSkill.Parse(text));

    [Fact]
    public async Task Without_a_desk_the_bot_says_no_one_is_available_and_stays()
    {
        var conversation = new TestConversation(configure: s => s.RemoveAll<IHandoffDesk>());

        var result = await conversation.SayAsync("Talk to a person");

        Assert.StartsWith("Sorry, no one could take the chat right now.", result.Text(), StringComparison.Ordinal);
    }
}
