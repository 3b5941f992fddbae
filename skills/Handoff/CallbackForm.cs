using HelpdeskBot.Classifier.Entities;
using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Connectors;
using HelpdeskBot.Skills.Conversations;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Skills.Handoff;

public enum CallbackQuestion { Details, Contact }

/// <summary>Collecting a callback request while the queue is closed: what the user needs, then (for visitors) how to reach them.</summary>
public sealed record CallbackFormState : FormState
{
    public const string Discriminator = "agent.callback";

    public required string Queue { get; init; }

    public HandoffReason Reason { get; init; }

    public CallbackQuestion Question { get; init; }

    public string? Details { get; init; }

    /// <summary>When the queue opens again, for the confirmation; null when it is not known.</summary>
    public DateTimeOffset? NextOpening { get; init; }

    public int ContactAttempts { get; init; }

    public override bool IsExpiredAt(DateTimeOffset now) => now - LastActivityAt > TimeSpan.FromMinutes(30);

    // Not "free text" in the engine's sense: whatever the user describes here ("my invoice was charged twice") is the
    // callback's details, never a new request to answer now — there is nobody to answer it before the callback.
}

/// <summary>
/// Outside a queue's business hours there is nobody to wait for: the bot takes down what the user needs and how to reach
/// them, and files a callback request the team sees when it opens.
/// </summary>
internal sealed partial class CallbackSkill(ILogger<CallbackSkill> logger, IHandoffDesk? handoffDesk = null) : IFormSkill
{
    // Only the desk starts this form, so with no desk registered (a host without handoff) it never runs.
    private IHandoffDesk Desk => handoffDesk ?? throw new InvalidOperationException("No IHandoffDesk is registered.");

    private const int MaxContactAttempts = 3;
    private const int MinimumDetailLetters = 5;

    public IReadOnlyCollection<string> Intents { get; } = [];

    public string FormIntent => IntentNames.AgentHandoff;

    public bool Owns(FormState form) => form is CallbackFormState;

    public Task<SkillResult> StartAsync(TurnContext turn, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("The callback form is started by the handoff, not by an intent.");

    public bool Accepts(FormState form, TurnContext turn) => form switch
    {
        CallbackFormState { Question: CallbackQuestion.Details } => LetterCount(turn.Message.Text) >= MinimumDetailLetters,
        CallbackFormState { Question: CallbackQuestion.Contact } => ContactIn(turn) is not null,
        _ => false,
    };

    public async Task<SkillResult?> ContinueAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var form = turn.ActiveForm<CallbackFormState>(this);
        if (form.IsExpiredAt(turn.Now))
        {
            return null;
        }

        var language = turn.Language;
        var text = turn.Message.Text?.Trim() ?? string.Empty;
        switch (form.Question)
        {
            case CallbackQuestion.Details when LetterCount(text) < MinimumDetailLetters:
                return Ask(turn, form with { LastActivityAt = turn.Now }, HandoffPhrases.DetailsTooShort.In(language));
            case CallbackQuestion.Details when turn.Requester.Kind == RequesterKind.Anonymous:
                return Ask(turn, form with { Details = text, Question = CallbackQuestion.Contact, LastActivityAt = turn.Now }, HandoffPhrases.AskContact.In(language));
            case CallbackQuestion.Details:
                // A signed-in customer or employee is known to the company: no need to ask how to reach them.
                return await FileAsync(turn, form, text, null, cancellationToken);
            default:
                if (ContactIn(turn) is { } contact)
                {
                    return await FileAsync(turn, form, form.Details ?? string.Empty, contact, cancellationToken);
                }

                if (form.ContactAttempts + 1 >= MaxContactAttempts)
                {
                    return new SkillResult(
                        turn.State with { ActiveForm = null },
                        [new Reply(DialogPhrases.Cancelled.In(language), IntentActions.Menu(language, turn.Requester))]);
                }

                return Ask(turn, form with { ContactAttempts = form.ContactAttempts + 1, LastActivityAt = turn.Now }, HandoffPhrases.ContactInvalid.In(language));
        }
    }

    public Reply Reminder(FormState form, string language) =>
        form is CallbackFormState { Question: CallbackQuestion.Contact }
            ? new Reply(HandoffPhrases.AskContact.In(language))
            : new Reply(HandoffPhrases.DetailsTooShort.In(language));

    private async Task<SkillResult> FileAsync(TurnContext turn, CallbackFormState form, string details, string? contact, CancellationToken cancellationToken)
    {
        var language = turn.Language;
        var reference = await Desk.RequestCallbackAsync(
            new CallbackRequest(turn.Message.ConversationId, turn.Message.User, language, form.Queue, form.Reason, details, contact),
            cancellationToken);
        LogFiled(logger, reference, form.Queue);
        var team = HandoffQueues.TeamName(form.Queue, language);
        var text = form.NextOpening is { } opening
            ? HandoffPhrases.CallbackFiled.Format(language, ("reference", reference), ("team", team), ("opening", HandoffFormat.Opening(opening, language)))
            : HandoffPhrases.CallbackFiledNoOpening.Format(language, ("reference", reference), ("team", team));
        return new SkillResult(turn.State with { ActiveForm = null }, [new Reply(text, IntentActions.Menu(language, turn.Requester))]);
    }

    private static SkillResult Ask(TurnContext turn, CallbackFormState form, string text) =>
        new(turn.State with { ActiveForm = form }, [new Reply(text)]);

    private static string? ContactIn(TurnContext turn) =>
        turn.Entity(EntityTypes.Email) ?? turn.Entity(EntityTypes.Phone);

    private static int LetterCount(string? text) => text?.Count(char.IsLetter) ?? 0;

    [LoggerMessage(LogLevel.Information, "Callback request {Reference} filed for the {Queue} queue")]
    private static partial void LogFiled(ILogger logger, string reference, string queue);
}
