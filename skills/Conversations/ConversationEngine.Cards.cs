using HelpdeskBot.Connectors;
using HelpdeskBot.Skills.Cards;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Skills.Conversations;

/// <summary>
/// Cards in a turn: a pressed button is checked against the card the form last showed (a stale card changes nothing),
/// then becomes the same input a typed answer would be; after the turn, the form's card or a yes/no card is attached.
/// </summary>
public sealed partial class ConversationEngine
{
    /// <summary>The intent reported for a card button that no longer applies.</summary>
    public const string StaleCardIntent = "card.stale";

    /// <summary>The intent reported for a card submission the bot cannot read.</summary>
    public const string UnreadableCardIntent = "card.unreadable";

    private async Task<TurnResult> RunCardAsync(
        ConversationState state, IncomingMessage message, CardSubmission submission, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var language = state.Language;
        state = DropExpired(state, now);
        switch (submission.Action)
        {
            case CardVerbs.ConfirmYes or CardVerbs.ConfirmNo:
            {
                var target = state.ActiveForm ?? (state.ResumeOffered ? state.SuspendedForm : null);
                if (target?.CardRef is null || target.CardRef != submission.Ref)
                {
                    return Stale(state, message, language);
                }

                // From here on it is the typed word: the form reads it exactly as it reads "yes" or "tidak".
                var word = (submission.Action == CardVerbs.ConfirmYes ? DialogPhrases.Yes : DialogPhrases.No).In(language);
                return await RunAsync(state, message with { Text = word, Value = null }, word, language, [], now, cancellationToken);
            }

            case CardVerbs.FormSubmit:
            {
                if (state.ActiveForm is not { } form
                    || FormSkillFor(form) is not ICardFormSkill owner
                    || owner.FormIntent != submission.Form
                    || form.CardRef is null
                    || form.CardRef != submission.Ref)
                {
                    return Stale(state, message, language);
                }

                LogCardSubmitted(logger, owner.FormIntent);
                var before = state;
                try
                {
                    var turn = new TurnContext(message, language, state, null, now);
                    var result = await owner.SubmitCardAsync(turn, submission, cancellationToken);
                    state = result.State with { FallbackStreak = 0, LowConfidenceStreak = 0, LastTaskIntent = owner.FormIntent };
                    return new TurnResult(state, result.Replies, language, owner.FormIntent, RuleConfidence);
                }
                catch (BackOfficeUnavailableException ex)
                {
                    LogSystemDown(logger, ex, ex.System, owner.FormIntent);
                    var reply = new Reply(
                        DialogPhrases.SystemDown.Format(language, ("system", DialogPhrases.SystemName(ex.System).In(language))),
                        IntentActions.HelpOrAgent(language));
                    return new TurnResult(before, [reply], language, owner.FormIntent, RuleConfidence);
                }
            }

            case CardVerbs.Start when submission.Data.GetValueOrDefault(CardData.Intent) is { } intent
                                      && IntentActions.For(intent, language) is { } button:
                // The same as pressing the menu button: the engine reads the button's title.
                return await RunAsync(state, message with { Text = button.Value, Value = null }, button.Value, language, [], now, cancellationToken);

            default:
                LogCardUnreadable(logger, submission.Action);
                return Unreadable(state, message);
        }
    }

    private TurnResult Stale(ConversationState state, IncomingMessage message, string language)
    {
        LogRouted(logger, StaleCardIntent, RuleConfidence, language);
        List<Reply> replies = [new Reply(HelpdeskCards.Stale(language))];
        if (state.ActiveForm is { } form && FormSkillFor(form) is { } owner)
        {
            replies.Add(owner.Reminder(form, language));
        }
        else
        {
            replies[0] = replies[0] with { SuggestedActions = IntentActions.Menu(language, message.User.Requester) };
        }

        return new TurnResult(state, replies, language, StaleCardIntent, RuleConfidence);
    }

    private TurnResult Unreadable(ConversationState state, IncomingMessage message)
    {
        LogRouted(logger, UnreadableCardIntent, RuleConfidence, state.Language);
        var reply = new Reply(HelpdeskCards.Unreadable(state.Language), IntentActions.Menu(state.Language, message.User.Requester));
        return new TurnResult(state, [reply], state.Language, UnreadableCardIntent, RuleConfidence);
    }

    /// <summary>
    /// Attaches the card that goes with the turn's last reply: the whole form when a form skill with a card has just
    /// started (or its card came back with problems), Yes / No when the reply asks a confirmation. The form remembers
    /// which card it showed, so only that card's buttons count.
    /// </summary>
    private TurnResult WithCards(ConversationState before, TurnResult result, bool cardSubmitted)
    {
        // A stale or unreadable press changes nothing, not even which card is current.
        if (result.Replies.Count == 0 || result.Replies[^1].Card is not null || result.Intent is StaleCardIntent or UnreadableCardIntent)
        {
            return result;
        }

        var state = result.State;
        var language = result.Language;
        var last = result.Replies[^1];
        var turnNumber = state.TurnCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (state.ActiveForm is { } form
            && FormSkillFor(form) is ICardFormSkill owner
            && (cardSubmitted || before.ActiveForm is null || !owner.Owns(before.ActiveForm))
            && owner.FormCard(form, language, "form:" + turnNumber) is { } card)
        {
            return WithCard(result, state with { ActiveForm = form with { CardRef = "form:" + turnNumber } }, last with { Card = card });
        }

        if (!AsksYesOrNo(last, language))
        {
            return result;
        }

        var cardRef = "confirm:" + turnNumber;
        if (state.ActiveForm is { } confirming)
        {
            return WithCard(result, state with { ActiveForm = confirming with { CardRef = cardRef } }, last with { Card = HelpdeskCards.Confirmation(language, cardRef) });
        }

        return state is { ResumeOffered: true, SuspendedForm: { } suspended }
            ? WithCard(result, state with { SuspendedForm = suspended with { CardRef = cardRef } }, last with { Card = HelpdeskCards.Confirmation(language, cardRef) })
            : result;
    }

    private static TurnResult WithCard(TurnResult result, ConversationState state, Reply last) =>
        result with { State = state, Replies = [.. result.Replies.Take(result.Replies.Count - 1), last] };

    private static bool AsksYesOrNo(Reply reply, string language) =>
        reply.SuggestedActions is [var yes, var no]
        && yes.Value == DialogPhrases.Yes.In(language)
        && no.Value == DialogPhrases.No.In(language);

    private ConversationState DropExpired(ConversationState state, DateTimeOffset now)
    {
        if (state.ActiveForm is { } stale && stale.IsExpiredAt(now))
        {
            LogFormExpired(logger, stale.GetType().Name);
            state = state with { ActiveForm = null };
        }

        if (state.SuspendedForm is { } suspendedStale && suspendedStale.IsExpiredAt(now))
        {
            LogFormExpired(logger, suspendedStale.GetType().Name);
            state = state with { SuspendedForm = null, ResumeOffered = false };
        }

        return state;
    }

    [LoggerMessage(LogLevel.Information, "A {Intent} card was submitted")]
    private static partial void LogCardSubmitted(ILogger logger, string intent);

    [LoggerMessage(LogLevel.Information, "A card submission with action {Action} is not one the bot reads")]
    private static partial void LogCardUnreadable(ILogger logger, string action);
}
