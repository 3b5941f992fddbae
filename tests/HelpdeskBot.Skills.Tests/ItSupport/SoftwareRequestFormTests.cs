using HelpdeskBot.Connectors.ItSupport;
using HelpdeskBot.Skills.ItSupport;

namespace HelpdeskBot.Skills.Tests.ItSupport;

public sealed class SoftwareRequestFormTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(7));
    private static readonly SoftwareItem[] Catalog = [FakeItSupport.Visio, FakeItSupport.VsCode, FakeItSupport.VisualStudio, FakeItSupport.Zoom];

    [Theory]
    [InlineData("status of my software request")]
    [InlineData("is my Visio request approved?")]
    [InlineData("permintaan software saya sudah disetujui?")]
    [InlineData("software request saya sampai mana")]
    public void A_status_question_shows_the_requests_without_a_form(string utterance)
    {
        var step = SoftwareRequestForm.Begin(utterance, Catalog, "en", Now);

        Assert.Equal(SoftwareRequestFormAction.ShowStatus, step.Action);
        Assert.Null(step.State);
    }

    [Theory]
    [InlineData("I need microsoft visio", "SW-001")]
    [InlineData("butuh VISIO", "SW-001")]
    [InlineData("install Visual Studio Code please", "SW-002")]
    [InlineData("zoom", "SW-004")]
    public void The_item_is_matched_case_insensitively(string text, string softwareId)
    {
        var match = Assert.Single(SoftwareRequestForm.Match(text, [.. Catalog.Select(SoftwareChoice.From)]));

        Assert.Equal(softwareId, match.SoftwareId);
    }

    [Fact]
    public void Begin_with_an_item_that_needs_approval_asks_for_the_reason_without_a_skip_button()
    {
        var step = SoftwareRequestForm.Begin("I need Visio", Catalog, "en", Now);

        Assert.Equal(SoftwareRequestStage.AskJustification, step.State!.Stage);
        Assert.Empty(step.Reply!.SuggestedActions);
    }

    [Fact]
    public void An_unknown_item_is_asked_again_with_the_choices()
    {
        var asked = SoftwareRequestForm.Begin("I need software", Catalog, "en", Now);

        var step = SoftwareRequestForm.NextTurn(asked.State!, "Photoshop", "en", Now);

        Assert.Equal(
            "Sorry, I need one of: Microsoft Visio, Visual Studio Code, Visual Studio Professional, Zoom. Which software do you need?",
            step.Reply!.Text);
        Assert.Equal(1, step.State!.FailedAttempts);
    }

    [Fact]
    public void The_third_unusable_answer_gives_up()
    {
        var asked = SoftwareRequestForm.Begin("I need software", Catalog, "en", Now).State! with { FailedAttempts = 2 };

        var step = SoftwareRequestForm.NextTurn(asked, "Photoshop", "en", Now);

        Assert.Equal(SoftwareRequestFormAction.GiveUp, step.Action);
        Assert.Equal(["Help", "Talk to a person"], step.Reply!.SuggestedActions.Select(a => a.Title));
    }

    [Theory]
    [InlineData("yes", SoftwareRequestFormAction.Request)]
    [InlineData("iya", SoftwareRequestFormAction.Request)]
    [InlineData("nggak", SoftwareRequestFormAction.Declined)]
    [InlineData("jangan", SoftwareRequestFormAction.Declined)]
    [InlineData("hmm", SoftwareRequestFormAction.Reprompt)]
    public void The_confirmation(string answer, SoftwareRequestFormAction expected)
    {
        var confirming = SoftwareRequestForm.BeginWith(SoftwareChoice.From(FakeItSupport.Visio), "diagrams", "en", Now).State!;

        var step = SoftwareRequestForm.NextTurn(confirming, answer, "en", Now);

        Assert.Equal(expected, step.Action);
        if (expected == SoftwareRequestFormAction.Request)
        {
            Assert.Equal("SW-001", step.Software!.SoftwareId);
            Assert.Equal("diagrams", step.Justification);
        }
    }

    [Fact]
    public void Cancel_expiry_and_an_untouched_input_state()
    {
        var state = SoftwareRequestForm.Begin("I need software", Catalog, "en", Now).State!;
        var copy = state with { };

        Assert.Equal(SoftwareRequestFormAction.Cancelled, SoftwareRequestForm.NextTurn(state, "never mind", "en", Now).Action);
        Assert.Equal(SoftwareRequestFormAction.Expired, SoftwareRequestForm.NextTurn(state, "Zoom", "en", Now.AddMinutes(30)).Action);
        SoftwareRequestForm.NextTurn(state, "Zoom", "en", Now.AddMinutes(1));
        Assert.Equal(copy, state);
    }
}
