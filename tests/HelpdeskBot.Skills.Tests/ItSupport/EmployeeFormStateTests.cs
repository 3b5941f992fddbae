using HelpdeskBot.Connectors.Hr;
using HelpdeskBot.Connectors.ItSupport;
using HelpdeskBot.Connectors.Notifications;
using HelpdeskBot.Skills.Conversations;
using HelpdeskBot.Skills.Hr;
using HelpdeskBot.Skills.ItSupport;

namespace HelpdeskBot.Skills.Tests.ItSupport;

/// <summary>The host persists the state as JSON between turns and across restarts: every employee form must survive it.</summary>
public sealed class EmployeeFormStateTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(7));

    public static TheoryData<string, FormState> Forms() => new()
    {
        {
            PasswordResetFormState.Discriminator,
            new PasswordResetFormState
            {
                LastActivityAt = Now, Stage = PasswordResetStage.AwaitCode, Action = AccountAction.Unlock, Channel = ContactChannel.Sms,
                ChallengeId = "CH-1", SentTo = "+62***0007", FailedAttempts = 1,
            }
        },
        {
            TicketCreateFormState.Discriminator,
            new TicketCreateFormState
            {
                LastActivityAt = Now, Stage = TicketCreateStage.OfferComment, Category = TicketCategory.Email, Description = "Outlook \"crashes\"",
                Urgency = TicketUrgency.Critical, SimilarTicketId = "IT-000001", FailedAttempts = 2,
            }
        },
        { TicketStatusFormState.Discriminator, new TicketStatusFormState { LastActivityAt = Now, FailedAttempts = 1 } },
        {
            SoftwareRequestFormState.Discriminator,
            new SoftwareRequestFormState
            {
                LastActivityAt = Now, Stage = SoftwareRequestStage.AskSoftware,
                Choices = [SoftwareChoice.From(FakeItSupport.Visio), SoftwareChoice.From(FakeItSupport.Zoom)],
                Software = SoftwareChoice.From(FakeItSupport.Zoom), Justification = "rapat", FailedAttempts = 1,
            }
        },
        {
            LeaveRequestFormState.Discriminator,
            new LeaveRequestFormState
            {
                LastActivityAt = Now, Stage = LeaveRequestStage.Confirm, Type = LeaveType.Sick, Start = new DateOnly(2026, 12, 21),
                End = new DateOnly(2027, 1, 4), WorkingDays = 8, AvailableDays = 12.5m, FailedAttempts = 1,
            }
        },
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public void Every_employee_form_round_trips_through_the_hosts_json(string discriminator, FormState form)
    {
        var state = ConversationState.New with { ActiveForm = form, SuspendedForm = form, TurnCount = 3, Language = "id" };

        var json = state.ToJson();
        var read = ConversationState.FromJson(json);

        Assert.Contains($"\"form\":\"{discriminator}\"", json, StringComparison.Ordinal);
        Assert.Equal(form, read.ActiveForm);
        Assert.Equal(form, read.SuspendedForm);
    }
}
