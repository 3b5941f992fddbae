using HelpdeskBot.Connectors.ItSupport;
using HelpdeskBot.Skills.ItSupport;

namespace HelpdeskBot.Skills.Tests.ItSupport;

public sealed class TicketCreateFormTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(7));

    private static TicketCreateFormState Filled(TicketCreateStage stage, int failedAttempts = 0) => new()
    {
        LastActivityAt = Now,
        Stage = stage,
        Category = TicketCategory.Network,
        Description = "my laptop won't connect to the VPN",
        Urgency = stage is TicketCreateStage.AskUrgency ? null : TicketUrgency.High,
        SimilarTicketId = stage == TicketCreateStage.OfferComment ? "IT-000001" : null,
        FailedAttempts = failedAttempts,
    };

    [Theory]
    [InlineData("my laptop won't connect to the VPN", TicketCategory.Network)]
    [InlineData("printer di lantai 3 macet", TicketCategory.Printer)]
    [InlineData("Outlook keeps crashing when I open my inbox", TicketCategory.Email)]
    [InlineData("my monitor flickers", TicketCategory.Hardware)]
    [InlineData("I need access to the finance shared folder", TicketCategory.Access)]
    public void Begin_takes_a_clear_category_and_a_descriptive_message_as_the_description(string utterance, TicketCategory category)
    {
        var step = TicketCreateForm.Begin(utterance, "en", Now);

        Assert.Equal(category, step.State!.Category);
        Assert.Equal(utterance, step.State.Description);
        Assert.Equal(TicketCreateStage.AskUrgency, step.State.Stage);
    }

    [Theory]
    [InlineData("laptop saya nggak bisa konek ke VPN", TicketCategory.Network)]
    public void Informal_indonesian_connection_words_name_the_network(string utterance, TicketCategory category)
    {
        Assert.Equal(category, TicketCreateForm.Begin(utterance, "id", Now).State!.Category);
    }

    [Theory]
    [InlineData("hello", false)]
    [InlineData("selamat pagi", false)]
    [InlineData("hello, the VPN drops every hour", true)]
    [InlineData("my screen stays black", true)]
    public void A_bare_greeting_is_not_taken_as_the_description(string answer, bool accepted)
    {
        Assert.Equal(accepted, TicketCreateForm.Accepts(Filled(TicketCreateStage.AskDescription), answer));
    }

    [Fact]
    public void Begin_with_a_bare_request_asks_for_the_category_first()
    {
        var step = TicketCreateForm.Begin("I want to report an IT problem", "en", Now);

        Assert.Equal(TicketCreateStage.AskCategory, step.State!.Stage);
        Assert.Null(step.State.Description);
        Assert.Equal(["Hardware", "Software", "Network", "Access", "E-mail", "Printer or scanner"], step.Reply!.SuggestedActions.Select(a => a.Title));
    }

    [Fact]
    public void A_category_named_by_two_equal_keyword_sets_is_not_guessed()
    {
        Assert.Null(ItVocabulary.ParseCategory("laptop and printer"));
    }

    [Theory]
    [InlineData("Low", TicketUrgency.Low)]
    [InlineData("tidak mendesak", TicketUrgency.Low)]
    [InlineData("sedang", TicketUrgency.Medium)]
    [InlineData("urgent", TicketUrgency.High)]
    [InlineData("Tinggi", TicketUrgency.High)]
    [InlineData("kritis", TicketUrgency.Critical)]
    public void Urgency_answers_in_both_languages(string answer, TicketUrgency expected)
    {
        var step = TicketCreateForm.NextTurn(Filled(TicketCreateStage.AskUrgency), answer, "en", Now);

        Assert.Equal(TicketCreateFormAction.CheckOpenTickets, step.Action);
        Assert.Equal(expected, step.State!.Urgency);
    }

    [Fact]
    public void An_unknown_urgency_is_asked_again_with_the_choices_and_the_third_gives_up()
    {
        var first = TicketCreateForm.NextTurn(Filled(TicketCreateStage.AskUrgency), "whatever", "id", Now);
        var third = TicketCreateForm.NextTurn(Filled(TicketCreateStage.AskUrgency, failedAttempts: 2), "entahlah", "id", Now);

        Assert.Equal("Maaf, saya perlu salah satu dari: rendah, sedang, tinggi, atau kritis. Seberapa mendesak masalah ini?", first.Reply!.Text);
        Assert.Equal(TicketCreateFormAction.GiveUp, third.Action);
        Assert.Equal(["Bantuan", "Bicara dengan petugas"], third.Reply!.SuggestedActions.Select(a => a.Title));
    }

    [Fact]
    public void An_empty_description_is_asked_again_with_the_reason()
    {
        var state = Filled(TicketCreateStage.AskDescription) with { Description = null };

        var step = TicketCreateForm.NextTurn(state, "...", "en", Now);

        Assert.StartsWith("I need a few words about the problem. Please describe", step.Reply!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_similar_open_ticket_is_offered_for_a_comment()
    {
        var step = TicketCreateForm.WithOpenTickets(Filled(TicketCreateStage.CheckOpenTickets), [FakeItSupport.MyVpnTicket], "en", Now);

        Assert.Equal(TicketCreateStage.OfferComment, step.State!.Stage);
        Assert.Equal("IT-000001", step.State.SimilarTicketId);
        Assert.Equal(["Add to IT-000001", "Create a new ticket"], step.Reply!.SuggestedActions.Select(a => a.Title));
    }

    [Fact]
    public void Without_a_similar_ticket_the_confirmation_is_asked()
    {
        var step = TicketCreateForm.WithOpenTickets(Filled(TicketCreateStage.CheckOpenTickets), [FakeItSupport.OthersTicket], "en", Now);

        Assert.Equal(TicketCreateStage.Confirm, step.State!.Stage);
        Assert.Equal("Create a ticket? Category: Network; urgency: high; description: \"my laptop won't connect to the VPN\".", step.Reply!.Text);
    }

    [Theory]
    [InlineData("Add to IT-000001", TicketCreateFormAction.AddComment)]
    [InlineData("Tambahkan ke IT-000001", TicketCreateFormAction.AddComment)]
    [InlineData("Create a new ticket", TicketCreateFormAction.Confirm)]
    [InlineData("buat tiket baru", TicketCreateFormAction.Confirm)]
    [InlineData("hmm", TicketCreateFormAction.Reprompt)]
    public void The_comment_or_new_ticket_choice(string answer, TicketCreateFormAction expected)
    {
        var step = TicketCreateForm.NextTurn(Filled(TicketCreateStage.OfferComment), answer, "en", Now);

        Assert.Equal(expected, step.Action);
        if (expected == TicketCreateFormAction.AddComment)
        {
            Assert.Equal("IT-000001", step.TicketId);
        }
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("iya")]
    [InlineData("yep")]
    public void Yes_creates_the_ticket(string answer)
    {
        var step = TicketCreateForm.NextTurn(Filled(TicketCreateStage.Confirm), answer, "en", Now);

        Assert.Equal(TicketCreateFormAction.Create, step.Action);
        Assert.Equal(new NewTicket(TicketCategory.Network, "my laptop won't connect to the VPN", TicketUrgency.High), step.Ticket);
    }

    [Theory]
    [InlineData("no")]
    [InlineData("nggak")]
    [InlineData("jangan")]
    public void No_creates_nothing(string answer)
    {
        var step = TicketCreateForm.NextTurn(Filled(TicketCreateStage.Confirm), answer, "en", Now);

        Assert.Equal(TicketCreateFormAction.Declined, step.Action);
        Assert.Null(step.Ticket);
    }

    [Fact]
    public void Cancel_and_expiry_end_the_form()
    {
        Assert.Equal(TicketCreateFormAction.Cancelled, TicketCreateForm.NextTurn(Filled(TicketCreateStage.Confirm), "batal", "id", Now).Action);
        Assert.Equal(TicketCreateFormAction.Expired, TicketCreateForm.NextTurn(Filled(TicketCreateStage.Confirm), "yes", "en", Now.AddHours(1)).Action);
    }

    [Fact]
    public void NextTurn_leaves_the_input_state_untouched()
    {
        var state = Filled(TicketCreateStage.AskUrgency);
        var copy = state with { };

        TicketCreateForm.NextTurn(state, "high", "en", Now.AddMinutes(2));

        Assert.Equal(copy, state);
    }
}
