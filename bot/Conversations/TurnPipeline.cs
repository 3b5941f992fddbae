using HelpdeskBot.Bot.Protocol;
using HelpdeskBot.Skills.Conversations;
using Microsoft.EntityFrameworkCore;

namespace HelpdeskBot.Bot.Conversations;

/// <summary>What a turn gave back to the channel: nothing when the activity was a redelivery.</summary>
internal sealed record TurnOutcome(bool Duplicate, IReadOnlyList<Activity> Replies)
{
    public static TurnOutcome DuplicateActivity { get; } = new(true, []);
}

/// <summary>
/// One turn, channel-agnostic: de-duplicate, load state, run the conversation engine, persist state and transcript,
/// and hand the replies back to the channel to send. A turn that throws apologises and leaves the state as it was.
/// </summary>
internal sealed partial class TurnPipeline(
    IDbContextFactory<StateDbContext> dbFactory,
    IServiceScopeFactory scopes,
    ConversationLocks locks,
    PersonalDataMasker masker,
    TimeProvider time,
    ILogger<TurnPipeline> logger)
{
    public async Task<TurnOutcome> ProcessAsync(Activity activity, ChannelUser user, CancellationToken cancellationToken)
    {
        var channelId = activity.ChannelId ?? throw new ArgumentException("The activity has no channelId.", nameof(activity));
        var conversationId = activity.Conversation?.Id ?? throw new ArgumentException("The activity has no conversation id.", nameof(activity));

        using var _ = await locks.AcquireAsync($"turn\n{channelId}\n{conversationId}", cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);

        if (activity.Id is { Length: > 0 } activityId &&
            await db.ProcessedActivities.AnyAsync(
                p => p.ChannelId == channelId && p.ConversationId == conversationId && p.ActivityId == activityId, cancellationToken))
        {
            LogDuplicate(channelId, activityId);
            return TurnOutcome.DuplicateActivity;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var record = await db.Conversations.FindAsync([channelId, conversationId], cancellationToken);
        var state = LoadState(record, channelId, conversationId);

        // Skills and connectors are scoped: one scope per turn.
        await using var scope = scopes.CreateAsyncScope();
        var engine = scope.ServiceProvider.GetRequiredService<IConversationEngine>();
        // Decided from the state as loaded, so a code typed while the reset waits (even set aside for another question,
        // or in a turn that fails) is never written down.
        var secret = state.ActiveForm?.AwaitsSecret == true || state.SuspendedForm?.AwaitsSecret == true;
        var (newState, replies, nlu) = await RunAsync(engine, activity, user, state, cancellationToken);

        if (record is null)
        {
            record = new ConversationRecord { ChannelId = channelId, ConversationId = conversationId, StateJson = newState.ToJson(), CreatedUtc = now };
            db.Conversations.Add(record);
        }
        else
        {
            record.StateJson = newState.ToJson();
            record.Version++;
        }
        record.UpdatedUtc = now;

        if (activity.Id is { Length: > 0 })
        {
            db.ProcessedActivities.Add(new ProcessedActivity { ChannelId = channelId, ConversationId = conversationId, ActivityId = activity.Id, ProcessedUtc = now });
        }
        if (activity.Type == ActivityTypes.Message && !string.IsNullOrEmpty(activity.Text))
        {
            db.Transcript.Add(new TranscriptEntry
            {
                ChannelId = channelId, ConversationId = conversationId, Direction = "user",
                Text = secret ? WithheldSecret : masker.Mask(activity.Text),
                Intent = nlu?.Intent, Confidence = nlu?.Confidence, Language = newState.Language, AtUtc = now,
            });
        }
        foreach (var reply in replies)
        {
            db.Transcript.Add(new TranscriptEntry
            {
                ChannelId = channelId, ConversationId = conversationId, Direction = "bot", Text = masker.Mask(reply.Text),
                Language = newState.Language, AtUtc = now,
            });
        }
        await db.SaveChangesAsync(cancellationToken);

        return new TurnOutcome(false, replies.Select(r => ToActivity(r, activity, newState.Language)).ToList());
    }

    /// <summary>Stored instead of a message that answered a request for a one-time code.</summary>
    internal const string WithheldSecret = "[one-time code withheld]";

    private ConversationState LoadState(ConversationRecord? record, string channelId, string conversationId)
    {
        if (record is null)
        {
            return ConversationState.New;
        }
        try
        {
            return ConversationState.FromJson(record.StateJson);
        }
        catch (ConversationStateFormatException ex)
        {
            // A state we cannot read must not lock the user out: start the dialog afresh, the transcript keeps the history.
            LogUnreadableState(ex, channelId, conversationId);
            return ConversationState.New;
        }
    }

    private async Task<(ConversationState State, IReadOnlyList<Reply> Replies, TurnResult? Nlu)> RunAsync(
        IConversationEngine engine, Activity activity, ChannelUser user, ConversationState state, CancellationToken cancellationToken)
    {
        switch (activity.Type)
        {
            case ActivityTypes.Message when !string.IsNullOrWhiteSpace(activity.Text):
                try
                {
                    var message = new IncomingMessage(activity.Conversation!.Id!, user, activity.Text, activity.Locale, activity.Value);
                    var result = await engine.RunTurnAsync(state, message, cancellationToken);
                    LogTurn(activity.ChannelId!, result.Intent, result.Confidence, result.Language);
                    return (result.State, result.Replies, result);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    LogTurnFailed(ex, activity.ChannelId!, activity.Conversation!.Id!);
                    return (state, [engine.Apology(state.Language)], null);
                }

            case ActivityTypes.ConversationUpdate when activity.MembersAdded?.Any(m => m.Id != activity.Recipient?.Id) == true:
                // The client's locale is the only language signal before the user has said anything.
                return (state.TurnCount == 0 ? state with { Language = Languages.FromLocale(activity.Locale) } : state, engine.Welcome(user, activity.Locale), null);

            default:
                // Typing, reactions, events we have no handler for and unknown types: accepted and ignored, as the protocol says.
                return (state, [], null);
        }
    }

    private static Activity ToActivity(Reply reply, Activity incoming, string language) => new()
    {
        Type = ActivityTypes.Message,
        ChannelId = incoming.ChannelId,
        ServiceUrl = incoming.ServiceUrl,
        Conversation = incoming.Conversation,
        From = incoming.Recipient,
        Recipient = incoming.From,
        ReplyToId = incoming.Id,
        // Markdown joins single line breaks; the skills' lines are meant as separate paragraphs.
        Text = reply.Text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\n\n", StringComparison.Ordinal),
        TextFormat = "markdown",
        Locale = language == "id" ? "id-ID" : "en-US",
        InputHint = reply.SuggestedActions.Count > 0 ? "expectingInput" : "acceptingInput",
        SuggestedActions = reply.SuggestedActions.Count == 0 ? null : new SuggestedActions
        {
            To = incoming.From?.Id is { } userId ? [userId] : null,
            Actions = reply.SuggestedActions
                .Select(a => new CardAction { Type = "imBack", Title = a.Title, Value = System.Text.Json.JsonSerializer.SerializeToElement(a.Value) })
                .ToList(),
        },
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Ignored redelivered activity {ActivityId} on {ChannelId}")]
    private partial void LogDuplicate(string channelId, string activityId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Turn on {ChannelId}: intent {Intent} ({Confidence:0.00}), language {Language}")]
    private partial void LogTurn(string channelId, string intent, float confidence, string language);

    [LoggerMessage(Level = LogLevel.Error, Message = "Turn failed on {ChannelId} conversation {ConversationId}; the user got an apology")]
    private partial void LogTurnFailed(Exception exception, string channelId, string conversationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unreadable state for {ChannelId} conversation {ConversationId}; starting the dialog afresh")]
    private partial void LogUnreadableState(Exception exception, string channelId, string conversationId);
}
