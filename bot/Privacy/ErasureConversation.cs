using System.Globalization;
using HelpdeskBot.Bot.Admin.Audit;
using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Bot.Protocol;
using HelpdeskBot.Skills.Cards;
using HelpdeskBot.Skills.Conversations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.Privacy;

/// <summary>What the erasure step made of a turn; <see cref="Erased"/>: the user's data is gone and the turn stores none.</summary>
internal sealed record ErasureTurn(ConversationState State, IReadOnlyList<Reply> Replies, TurnResult? Nlu, bool Erased);

/// <summary>
/// "delete my data" / "hapus data saya", as a global command the turn pipeline checks before the conversation engine (and
/// after a person's handoff, which keeps the conversation while it lasts): the bot asks, with Yes / No buttons; Yes erases
/// the user's conversation data on this channel (<see cref="ConversationDataEraser"/>), No keeps it. A typed yes or no
/// answers too, when the bot's last message in the conversation was the question and it is recent. The identity is the
/// turn's, never the card's or the message's: a forged button can only erase the presser's own data.
/// </summary>
internal sealed class ErasureConversation(ConversationDataEraser eraser, IOptions<RetentionOptions> options, TimeProvider time)
{
    public const string Intent = "privacy.erase";

    public const string YesVerb = "privacy.erase.yes";

    public const string NoVerb = "privacy.erase.no";

    /// <summary>The audit log's actor for a user's own request: no name, no id (the target is their salted key).</summary>
    public static AuditActor UserActor { get; } = new("user", "user", null);

    public async Task<ErasureTurn?> AnswerAsync(
        StateDbContext db, Activity activity, ChannelUser user, CardSubmission? submission, ConversationState state, CancellationToken cancellationToken)
    {
        if (activity.Type != ActivityTypes.Message || activity.ChannelId is not { } channelId || activity.Conversation?.Id is not { } conversationId)
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (submission is { Action: YesVerb or NoVerb })
        {
            var asked = long.TryParse(submission.Ref, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(Math.Min(seconds, 253_402_300_799))
                : DateTimeOffset.MinValue;
            if (now - asked > options.Value.ConfirmationWindow || asked > now + TimeSpan.FromMinutes(5))
            {
                return Said(state, ErasurePhrases.Expired.In(state.Language));
            }

            return submission.Action == YesVerb
                ? await EraseAsync(channelId, conversationId, user, state, cancellationToken)
                : Said(state, ErasurePhrases.Kept.In(state.Language));
        }

        if (submission is not null)
        {
            return null;
        }

        if (ErasurePhrases.Recognise(activity.Text) is { } language)
        {
            var asking = state with { Language = language };
            var reply = new Reply(ErasurePhrases.Ask.In(language)) { Card = Question(language, now) };
            return new ErasureTurn(asking, [reply], new TurnResult(asking, [reply], language, Intent, 1f), Erased: false);
        }

        var answer = Confirmation.Parse(activity.Text);
        if (answer == ConfirmationAnswer.Unclear || !await WasJustAskedAsync(db, channelId, conversationId, now, cancellationToken))
        {
            return null;
        }

        return answer == ConfirmationAnswer.Yes
            ? await EraseAsync(channelId, conversationId, user, state, cancellationToken)
            : Said(state, ErasurePhrases.Kept.In(state.Language));
    }

    private async Task<ErasureTurn> EraseAsync(
        string channelId, string conversationId, ChannelUser user, ConversationState state, CancellationToken cancellationToken)
    {
        var language = state.Language;
        var result = await eraser.EraseAsync(new ErasureSubject(channelId, user.Id, user.Requester, conversationId), UserActor, cancellationToken);
        if (result is not { Status: ErasureStatus.Erased, Counts: { } counts })
        {
            return Said(state, ErasurePhrases.WithPerson.In(language));
        }

        // The conversation starts afresh: nothing of before is kept, only the language it is spoken in.
        var fresh = ConversationState.New with { Language = language };
        var text = ErasurePhrases.Erased.Format(
            language,
            ("messages", counts.TranscriptEntries.ToString(CultureInfo.InvariantCulture)),
            ("conversations", counts.Conversations.ToString(CultureInfo.InvariantCulture)));
        return new ErasureTurn(fresh, [new Reply(text)], null, Erased: true);
    }

    private static ErasureTurn Said(ConversationState state, string text)
    {
        var reply = new Reply(text);
        return new ErasureTurn(state, [reply], new TurnResult(state, [reply], state.Language, Intent, 1f), Erased: false);
    }

    /// <summary>Whether the bot's last message here was the question, within the confirmation window (a typed yes answers it).</summary>
    private async Task<bool> WasJustAskedAsync(StateDbContext db, string channelId, string conversationId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var since = (now - options.Value.ConfirmationWindow).UtcDateTime;
        var last = await db.Transcript.AsNoTracking()
            .Where(t => t.ChannelId == channelId && t.ConversationId == conversationId && t.Direction == "bot")
            .OrderByDescending(t => t.Id)
            .Select(t => new { t.Text, t.AtUtc })
            .FirstOrDefaultAsync(cancellationToken);
        return last is not null && last.AtUtc >= since && (last.Text == ErasurePhrases.Ask.En || last.Text == ErasurePhrases.Ask.Id);
    }

    /// <summary>Yes / No for the question; the press carries when it was asked, so an old card cannot erase by surprise.</summary>
    private static AdaptiveCard Question(string language, DateTimeOffset now)
    {
        var asked = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return new AdaptiveCard
        {
            Lang = language == Languages.Indonesian ? "id" : "en",
            Body =
            [
                new ActionSet(
                [
                    new SubmitAction(ErasurePhrases.Yes.In(language), Data(YesVerb, asked)) { Style = "destructive", AssociatedInputs = "none" },
                    new SubmitAction(ErasurePhrases.No.In(language), Data(NoVerb, asked)) { AssociatedInputs = "none" },
                ]),
            ],
            FallbackText = ErasurePhrases.Yes.In(language) + " / " + ErasurePhrases.No.In(language),
        };
    }

    private static Dictionary<string, string> Data(string verb, string asked) =>
        new(StringComparer.Ordinal) { [CardData.Action] = verb, [CardData.Ref] = asked };
}
