using HelpdeskBot.Skills.ItSupport;

namespace HelpdeskBot.Skills.Tests.ItSupport;

public sealed class TicketStatusFormTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(7));
    private static readonly TicketStatusFormState Waiting = new() { LastActivityAt = Now };

    [Theory]
    [InlineData("IT-000001", "IT-000001", "IT-000001")]
    [InlineData("000001", null, "IT-000001")]
    [InlineData("#000123", null, "IT-000123")]
    public void A_ticket_number_is_looked_up(string input, string? recognized, string expected)
    {
        var step = TicketStatusForm.NextTurn(Waiting, input, recognized, "en", Now);

        Assert.Equal(TicketStatusFormAction.LookUp, step.Action);
        Assert.Equal(expected, step.TicketId);
    }

    [Fact]
    public void No_number_is_asked_again_and_the_third_gives_up()
    {
        var first = TicketStatusForm.NextTurn(Waiting, "the vpn one", null, "en", Now);
        var third = TicketStatusForm.NextTurn(Waiting with { FailedAttempts = 2 }, "dunno", null, "en", Now);

        Assert.StartsWith("I couldn't find a ticket number in that.", first.Reply!.Text, StringComparison.Ordinal);
        Assert.Equal(TicketStatusFormAction.GiveUp, third.Action);
        Assert.Equal(["Help", "Talk to a person"], third.Reply!.SuggestedActions.Select(a => a.Title));
    }

    [Fact]
    public void Cancel_and_expiry()
    {
        Assert.Equal(TicketStatusFormAction.Cancelled, TicketStatusForm.NextTurn(Waiting, "batal", null, "id", Now).Action);
        Assert.Equal(TicketStatusFormAction.Expired, TicketStatusForm.NextTurn(Waiting, "IT-000001", "IT-000001", "en", Now.AddMinutes(30)).Action);
    }
}
