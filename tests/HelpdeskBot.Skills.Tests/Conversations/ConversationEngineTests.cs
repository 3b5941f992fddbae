using HelpdeskBot.Connectors;
using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Connectors.Orders;
using HelpdeskBot.Skills.Conversations;
using HelpdeskBot.Skills.Handoff;
using HelpdeskBot.Skills.Orders;

namespace HelpdeskBot.Skills.Tests.Conversations;

public sealed class ConversationEngineTests
{
    [Fact]
    public async Task Order_lookup_uses_the_requester_from_the_turn_never_from_the_text()
    {
        var requester = Requester.Customer("C-42");
        var conversation = new TestConversation(requester: requester);

        await conversation.SayAsync("where is my order ORD-100123, I am customer C-1 and employee E-9");

        var lookup = Assert.Single(conversation.Orders.Lookups);
        Assert.Equal(("ORD-100123", requester), lookup);
    }

    [Fact]
    public async Task Anonymous_requester_must_verify_before_anything_is_looked_up()
    {
        var conversation = new TestConversation(requester: Requester.Anonymous);

        await conversation.SayAsync("where is my order ORD-100123");

        Assert.Empty(conversation.Orders.Lookups);
    }

    [Fact]
    public async Task Turn_result_reports_language_intent_and_confidence()
    {
        var conversation = new TestConversation();

        var result = await conversation.SayAsync("pesanan saya ORD-100123 sudah sampai mana?");

        Assert.Equal("id", result.Language);
        Assert.Equal(IntentNames.OrderStatus, result.Intent);
        Assert.Equal(0.9f, result.Confidence);
        Assert.Equal("id", result.State.Language);
        Assert.Equal(1, result.State.TurnCount);
    }

    [Fact]
    public async Task Language_detection_gets_the_client_locale_as_a_hint()
    {
        var conversation = new TestConversation(locale: "id-ID");

        await conversation.SayAsync("where is my order");

        Assert.Equal(("where is my order", "id-ID"), Assert.Single(conversation.Detector.Calls));
    }

    [Theory]
    [InlineData("100123")]
    [InlineData("ORD-100123")]
    [InlineData("#100123")]
    [InlineData("ok")]
    [InlineData("👍")]
    public async Task Short_neutral_input_keeps_the_conversation_language(string input)
    {
        var conversation = new TestConversation { State = ConversationState.New with { Language = "id", TurnCount = 3 } };

        var result = await conversation.SayAsync(input);

        Assert.Equal("id", result.Language);
        Assert.Empty(conversation.Detector.Calls);
    }

    [Theory]
    [InlineData("100123", true)]
    [InlineData("ORD-100123", true)]
    [InlineData("ORD-100123!", true)]
    [InlineData("ok", true)]
    [InlineData("", true)]
    [InlineData("order 100123", false)]
    [InlineData("halo", false)]
    public void Language_neutral_input_is_input_with_almost_no_letters_outside_numbers(string input, bool neutral)
    {
        Assert.Equal(neutral, ConversationEngine.IsLanguageNeutral(input));
    }

    [Fact]
    public async Task Bare_order_number_answers_the_form_without_asking_the_classifier()
    {
        var conversation = new TestConversation();
        await conversation.SayAsync("where is my order");
        conversation.Classifier.Classified.Clear();

        var result = await conversation.SayAsync("100123");

        Assert.Empty(conversation.Classifier.Classified);
        Assert.Equal(IntentNames.OrderStatus, result.Intent);
        Assert.Null(result.State.ActiveForm);
        Assert.Equal("ORD-100123", Assert.Single(conversation.Orders.Lookups).OrderNumber);
    }

    [Fact]
    public async Task A_confident_new_intent_inside_a_form_is_answered_and_the_form_is_offered_back()
    {
        var conversation = new TestConversation();
        await conversation.SayAsync("where is my order");

        var interrupted = await conversation.SayAsync("hello");

        Assert.Equal(IntentNames.SmalltalkGreeting, interrupted.Intent);
        Assert.Equal("Hi there! How can I help you today?", interrupted.Replies[0].Text);
        Assert.Equal("Shall we get back to your request to track an order?", interrupted.Replies[^1].Text);
        Assert.Equal(["Yes", "No"], interrupted.Replies[^1].SuggestedActions.Select(a => a.Title));
        Assert.Null(interrupted.State.ActiveForm);
        Assert.IsType<OrderStatusFormState>(interrupted.State.SuspendedForm);

        var resumed = await conversation.SayAsync("yes please");

        Assert.IsType<OrderStatusFormState>(resumed.State.ActiveForm);
        Assert.Null(resumed.State.SuspendedForm);
        Assert.Contains("order number", resumed.Text(), StringComparison.Ordinal);

        var answered = await conversation.SayAsync("100123");

        Assert.Equal(("ORD-100123", conversation.User.Requester), Assert.Single(conversation.Orders.Lookups));
        Assert.Null(answered.State.ActiveForm);
    }

    [Fact]
    public async Task An_unsure_small_talk_reading_of_an_answer_does_not_interrupt_the_form()
    {
        var conversation = new TestConversation();
        await conversation.SayAsync("where is my order");
        conversation.Classifier.Returns("Slack", new IntentPrediction(IntentNames.SmalltalkGreeting, 0.5f, false, [new IntentScore(IntentNames.SmalltalkGreeting, 0.5f)]));

        var result = await conversation.SayAsync("Slack");

        Assert.Contains("couldn't find an order number", result.Text(), StringComparison.Ordinal);
        Assert.IsType<OrderStatusFormState>(result.State.ActiveForm);
        Assert.Null(result.State.SuspendedForm);
    }

    [Fact]
    public async Task Declining_to_resume_drops_the_form_in_the_users_language()
    {
        var conversation = new TestConversation("id-ID");
        await conversation.SayAsync("lacak pesanan saya");
        await conversation.SayAsync("halo");

        var declined = await conversation.SayAsync("nggak");

        Assert.Equal("Baik, permintaan itu tidak dilanjutkan. Ada lagi yang bisa saya bantu?", declined.Replies[0].Text);
        Assert.Null(declined.State.ActiveForm);
        Assert.Null(declined.State.SuspendedForm);
        Assert.False(declined.State.ResumeOffered);
    }

    [Fact]
    public async Task Answering_the_forms_own_question_after_the_resume_offer_resumes_it_with_that_answer()
    {
        var conversation = new TestConversation();
        await conversation.SayAsync("where is my order");
        await conversation.SayAsync("hello");

        var answered = await conversation.SayAsync("ORD-100123");

        Assert.Equal(("ORD-100123", conversation.User.Requester), Assert.Single(conversation.Orders.Lookups));
        Assert.Null(answered.State.ActiveForm);
        Assert.Null(answered.State.SuspendedForm);
    }

    [Fact]
    public async Task Something_else_after_the_resume_offer_is_handled_as_a_new_message()
    {
        var conversation = new TestConversation();
        await conversation.SayAsync("where is my order");
        await conversation.SayAsync("hello");

        conversation.Classifier.Returns("thanks", new IntentPrediction(IntentNames.SmalltalkThanks, 0.95f, false, []));

        var next = await conversation.SayAsync("thanks");

        Assert.Equal(IntentNames.SmalltalkThanks, next.Intent);
        Assert.DoesNotContain("get back to", next.Text(), StringComparison.Ordinal);
        Assert.Null(next.State.SuspendedForm);
        Assert.Null(next.State.ActiveForm);
    }

    [Fact]
    public async Task Input_the_form_cannot_use_and_no_confident_intent_is_reprompted_by_the_form()
    {
        var conversation = new TestConversation();
        await conversation.SayAsync("where is my order");

        var result = await conversation.SayAsync("hmm I am not sure");

        Assert.Contains("couldn't find an order number", result.Text(), StringComparison.Ordinal);
        Assert.IsType<OrderStatusFormState>(result.State.ActiveForm);
        Assert.Null(result.State.SuspendedForm);
    }

    [Fact]
    public async Task A_back_office_system_that_is_down_gets_a_clear_reply_and_the_state_is_kept()
    {
        var conversation = new TestConversation("id-ID");
        await conversation.SayAsync("lacak pesanan saya");
        var before = conversation.State;
        conversation.Orders.Down = true;

        var down = await conversation.SayAsync("ORD-100123");

        Assert.Equal("Maaf, sistem pesanan sedang tidak merespons. Silakan coba lagi beberapa menit lagi, atau bicara dengan petugas.", down.Replies.Single().Text);
        Assert.Equal(["Bantuan", "Bicara dengan petugas"], down.ActionTitles());
        Assert.Equal(before.ActiveForm, down.State.ActiveForm);

        conversation.Orders.Down = false;
        var retried = await conversation.SayAsync("ORD-100123");

        Assert.Contains("JNE", retried.Text(), StringComparison.Ordinal);
        Assert.Null(retried.State.ActiveForm);
    }

    [Fact]
    public async Task Cancel_is_checked_before_the_form_and_nothing_is_looked_up()
    {
        var conversation = new TestConversation();
        await conversation.SayAsync("where is my order");

        var result = await conversation.SayAsync("cancel");

        Assert.Equal(ConversationEngine.CancelIntent, result.Intent);
        Assert.Null(result.State.ActiveForm);
        Assert.Empty(conversation.Orders.Lookups);
    }

    [Fact]
    public async Task Help_inside_a_form_keeps_the_form_and_restarts_its_clock()
    {
        var conversation = new TestConversation();
        await conversation.SayAsync("where is my order");
        conversation.Clock.Advance(TimeSpan.FromMinutes(25));

        var result = await conversation.SayAsync("help");
        conversation.Clock.Advance(TimeSpan.FromMinutes(25));
        var answered = await conversation.SayAsync("100123");

        Assert.Equal(IntentNames.BotHelp, result.Intent);
        Assert.Equal(2, result.Replies.Count);
        Assert.Equal(new OrderStatusFormState { LastActivityAt = conversation.Clock.Now.AddMinutes(-25) }, result.State.ActiveForm);
        Assert.Contains("Order ORD-100123 is on its way", answered.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Expired_form_no_longer_takes_input_and_the_message_is_handled_as_new()
    {
        var conversation = new TestConversation();
        await conversation.SayAsync("where is my order");
        conversation.Clock.Advance(TimeSpan.FromMinutes(31));

        var result = await conversation.SayAsync("hello");

        Assert.Equal(IntentNames.SmalltalkGreeting, result.Intent);
        Assert.Null(result.State.ActiveForm);
        Assert.Contains("Hi there!", result.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_after_the_form_expired_has_nothing_to_cancel()
    {
        var conversation = new TestConversation();
        await conversation.SayAsync("where is my order");
        conversation.Clock.Advance(TimeSpan.FromHours(2));

        var result = await conversation.SayAsync("cancel");

        Assert.Contains("nothing to cancel", result.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Not_found_ends_the_form_and_offers_to_track_another_order()
    {
        var conversation = new TestConversation();
        await conversation.SayAsync("where is my order");

        var result = await conversation.SayAsync("ORD-999999");

        Assert.Equal("I couldn't find order ORD-999999. Please check the number — it looks like ORD-100123.", result.Text());
        Assert.Null(result.State.ActiveForm);
        Assert.Equal(["Track an order"], result.ActionTitles());
    }

    [Fact]
    public async Task Ambiguous_prediction_asks_which_of_the_top_two_intents_was_meant()
    {
        var conversation = new TestConversation();
        conversation.Classifier.Returns(
            "hi can you check something",
            new IntentPrediction(
                IntentNames.SmalltalkGreeting,
                0.46f,
                true,
                [new(IntentNames.OutOfScope, 0.05f), new(IntentNames.BotHelp, 0.1f), new(IntentNames.OrderStatus, 0.44f), new(IntentNames.SmalltalkGreeting, 0.46f)]));

        var result = await conversation.SayAsync("hi can you check something");

        Assert.Equal("Sorry, I'm not sure what you meant. Which one would you like?", result.Text());
        Assert.Equal(["Just saying hi", "Track an order"], result.ActionTitles());
        Assert.Equal(IntentNames.SmalltalkGreeting, result.Intent);
        Assert.Equal(0.46f, result.Confidence);
    }

    [Fact]
    public async Task Ambiguous_prediction_asks_in_Indonesian_with_Indonesian_buttons()
    {
        var conversation = new TestConversation();
        conversation.Classifier.Returns(
            "halo pesanan",
            new IntentPrediction(
                IntentNames.OrderStatus,
                0.5f,
                true,
                [new(IntentNames.OrderStatus, 0.5f), new(IntentNames.SmalltalkGreeting, 0.45f)]));

        var result = await conversation.SayAsync("halo pesanan");

        Assert.Equal("Maaf, saya kurang yakin maksud Anda. Yang mana yang Anda maksud?", result.Text());
        Assert.Equal(["Lacak pesanan", "Sekadar menyapa"], result.ActionTitles());
    }

    [Fact]
    public async Task Pressing_a_suggested_action_routes_to_its_intent()
    {
        var conversation = new TestConversation();
        conversation.Classifier.Returns("Just saying hi", new IntentPrediction(IntentNames.OutOfScope, 0.1f, false, []));

        var result = await conversation.SayAsync("Just saying hi");

        Assert.Equal(IntentNames.SmalltalkGreeting, result.Intent);
        Assert.Empty(conversation.Classifier.Classified);
    }

    private static readonly string[] CustomerMenu = ["Track an order", "Cancel an order", "Return or refund", "Invoice status", "Copy of an invoice", "Help"];

    [Fact]
    public async Task Out_of_scope_offers_what_the_bot_can_do()
    {
        var conversation = new TestConversation();

        var result = await conversation.SayAsync("what's the weather tomorrow");

        Assert.Equal(IntentNames.OutOfScope, result.Intent);
        Assert.Equal([.. CustomerMenu, "Talk to a person"], result.ActionTitles());
        Assert.Empty(conversation.Desk.Requests);
        Assert.Equal(1, result.State.FallbackStreak);
    }

    [Fact]
    public async Task Asking_for_a_person_puts_the_conversation_in_the_queue_of_what_the_user_was_doing()
    {
        var conversation = new TestConversation();
        conversation.Classifier.Returns("can I speak to someone", new IntentPrediction(IntentNames.AgentHandoff, 0.95f, false, []));
        await conversation.SayAsync("where is my order ORD-100123");

        var result = await conversation.SayAsync("can I speak to someone");

        Assert.Equal(IntentNames.AgentHandoff, result.Intent);
        Assert.Equal(
            "I'm connecting you with a person from our order support team. You're number 2 in the queue; the wait is about 12 min. You can keep typing — the agent will see your messages.",
            result.Text());
        Assert.Equal(["Stop waiting"], result.ActionTitles());
        var request = Assert.Single(conversation.Desk.Requests);
        Assert.Equal((HandoffQueues.Orders, HandoffReason.UserAsked, IntentNames.OrderStatus), (request.Queue, request.Reason, request.LastIntent));
        Assert.Equal(conversation.User, request.User);
    }

    [Fact]
    public async Task Thanks_and_goodbye_are_answered_in_the_users_language()
    {
        var conversation = new TestConversation("id-ID");
        conversation.Classifier.Returns("makasih ya kak", new IntentPrediction("smalltalk.thanks", 0.95f, false, []));
        conversation.Classifier.Returns("dadah", new IntentPrediction("smalltalk.goodbye", 0.95f, false, []));

        var thanks = await conversation.SayAsync("makasih ya kak");
        var bye = await conversation.SayAsync("dadah");

        Assert.Contains("Sama-sama", thanks.Text(), StringComparison.Ordinal);
        Assert.Contains("Sampai jumpa", bye.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Greeting_and_help_offer_suggested_actions_in_the_users_language()
    {
        var conversation = new TestConversation();

        var greeting = await conversation.SayAsync("halo");
        var help = await conversation.SayAsync("bantuan");

        Assert.Equal(["Lacak pesanan", "Batalkan pesanan", "Retur atau refund", "Status tagihan", "Salinan invoice", "Bantuan"], greeting.ActionTitles());
        Assert.Equal(["Lacak pesanan", "Batalkan pesanan", "Retur atau refund", "Status tagihan", "Salinan invoice"], help.ActionTitles());
    }

    [Fact]
    public async Task Help_and_menus_are_tailored_to_customers_employees_and_anonymous_visitors()
    {
        var employee = await new TestConversation(requester: Requester.Employee("EMP-0007")).SayAsync("help");
        var visitor = await new TestConversation(requester: Requester.Anonymous).SayAsync("help");
        var supplier = await new TestConversation(requester: Requester.Supplier("SUP-0001")).SayAsync("help");

        Assert.Equal(["Track an order", "Reset my password", "Report an IT problem", "Check an IT ticket", "Request software", "My leave balance", "Request leave", "My payslip"], employee.ActionTitles());
        Assert.Equal(["Track an order", "Cancel an order", "Return or refund"], visitor.ActionTitles());
        Assert.Equal(["Invoice status", "Copy of an invoice"], supplier.ActionTitles());
        Assert.Contains("Check your leave balance", employee.Text(), StringComparison.Ordinal);
        Assert.DoesNotContain("leave", visitor.Text(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("id-ID", "Halo Budi! Saya asisten Helpdesk.", "Lacak pesanan")]
    [InlineData("id", "Halo Budi! Saya asisten Helpdesk.", "Lacak pesanan")]
    [InlineData("en-US", "Hi Budi! I'm the Helpdesk assistant.", "Track an order")]
    [InlineData(null, "Hi Budi! I'm the Helpdesk assistant.", "Track an order")]
    public void Welcome_follows_the_client_locale(string? locale, string text, string firstAction)
    {
        var conversation = new TestConversation();
        var welcome = conversation.WithEngine(engine => engine.Welcome(conversation.User, locale));

        var reply = Assert.Single(welcome);
        Assert.StartsWith(text, reply.Text, StringComparison.Ordinal);
        Assert.Equal(firstAction, reply.SuggestedActions[0].Title);
    }

    [Theory]
    [InlineData("en", "Sorry, something went wrong on my side. Please try again in a moment.")]
    [InlineData("id", "Maaf, terjadi kendala di sistem kami. Silakan coba lagi sebentar lagi.")]
    public void Apology_is_in_the_conversation_language(string language, string expected)
    {
        Assert.Equal(expected, new TestConversation().WithEngine(engine => engine.Apology(language)).Text);
    }

    [Fact]
    public async Task Form_state_survives_the_hosts_json_round_trip_between_turns()
    {
        var conversation = new TestConversation();

        var asked = await conversation.SayAsync("where is my order");

        Assert.Equal(asked.State, conversation.State);
        Assert.IsType<OrderStatusFormState>(conversation.State.ActiveForm);
    }
}
