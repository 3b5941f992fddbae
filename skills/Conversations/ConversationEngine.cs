using HelpdeskBot.Classifier.Entities;
using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Classifier.Languages;
using HelpdeskBot.Connectors;
using HelpdeskBot.Skills.Cards;
using HelpdeskBot.Skills.Handoff;
using HelpdeskBot.Skills.Llm;
using HelpdeskBot.Skills.SmallTalk;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Skills.Conversations;

/// <summary>
/// One turn, in this order: language; global interruptions (cancel, help), so they work even inside a form; the active
/// form, which takes the input; otherwise understand the message and route its intent to a skill, falling back when the
/// intent is out of scope or ambiguous. With a chat model configured, such a message is first offered to the model, which
/// may call the skills' functions (<see cref="ModelToolUse"/>); when it does not, the fallback is unchanged.
/// </summary>
public sealed partial class ConversationEngine(
    IIntentClassifier classifier,
    ILanguageDetector languageDetector,
    IEntityRecognizer entityRecognizer,
    IEnumerable<ISkill> skills,
    TimeProvider timeProvider,
    ILogger<ConversationEngine> logger,
    IHandoffDesk? handoffDesk = null,
    IOptions<HandoffTriggerOptions>? handoffOptions = null,
    ModelToolUse? toolUse = null) : IConversationEngine
{
    private readonly HandoffTriggerOptions handoffTriggers = handoffOptions?.Value ?? new HandoffTriggerOptions();

    /// <summary>The intent reported for a "cancel" interruption (the classifier has no such intent).</summary>
    public const string CancelIntent = "dialog.cancel";

    /// <summary>The classifier confidence above which a request typed into a free-text answer is taken as a request.</summary>
    public const float FreeTextInterruptionConfidence = 0.75f;

    /// <summary>Confidence reported for turns routed by a rule rather than by the classifier.</summary>
    private const float RuleConfidence = 1f;

    private readonly ISkill[] skills = [.. skills];

    public async Task<TurnResult> RunTurnAsync(ConversationState state, IncomingMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(message);

        var now = timeProvider.GetUtcNow();
        var before = state;
        var text = message.Text ?? string.Empty;
        var pressed = message.Value is null ? null : CardSubmission.From(message.Value);
        if (pressed is not null || (message.Value is not null && string.IsNullOrWhiteSpace(text)))
        {
            // A pressed card button says nothing about the language: the conversation keeps its own.
            state = state with { TurnCount = state.TurnCount + 1 };
            var answered = pressed is null
                ? Unreadable(state, message)
                : await RunCardAsync(state, message, pressed, now, cancellationToken);
            return WithCards(before, answered, cardSubmitted: pressed is not null);
        }

        var language = DetectLanguage(state, text, message.Locale);
        var entities = entityRecognizer.Recognize(text);
        state = state with { Language = language, TurnCount = state.TurnCount + 1 };
        return WithCards(before, await RunAsync(state, message, text, language, entities, now, cancellationToken), cardSubmitted: false);
    }

    private async Task<TurnResult> RunAsync(
        ConversationState state,
        IncomingMessage message,
        string text,
        string language,
        IReadOnlyList<EntityMatch> entities,
        DateTimeOffset now,
        CancellationToken cancellationToken)
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

        if (Interruptions.IsCancel(text) && !IsAnswerToConfirmation(state, message, language, entities, now))
        {
            var phrase = state.ActiveForm is null && state.SuspendedForm is null ? DialogPhrases.NothingToCancel : DialogPhrases.Cancelled;
            LogRouted(logger, CancelIntent, RuleConfidence, language);
            return new TurnResult(
                state with { ActiveForm = null, SuspendedForm = null, ResumeOffered = false },
                [new Reply(phrase.In(language), IntentActions.Menu(language, message.User.Requester))],
                language,
                CancelIntent,
                RuleConfidence);
        }

        if (Interruptions.IsHelp(text))
        {
            return await HelpAsync(state, message, language, now, cancellationToken);
        }

        if (handoffTriggers.OnFrustration && state.ActiveForm is not ({ AwaitsFreeText: true } or CallbackFormState) && Frustration.IsExpressedIn(text))
        {
            LogRouted(logger, IntentNames.AgentHandoff, RuleConfidence, language);
            var escalated = await EscalateAsync(
                state, message, language, HandoffReason.Frustration, null, null, [new Reply(HandoffPhrases.FrustrationApology.In(language))], cancellationToken);
            return new TurnResult(escalated.State, escalated.Replies, language, IntentNames.AgentHandoff, RuleConfidence) { Kind = TurnKind.HandedOff };
        }

        // If a back-office system does not answer, the conversation stays exactly where it was before this message.
        var before = state;
        var trace = new TurnTrace();
        try
        {
            var result = await RouteAsync(state, message, language, entities, now, trace, cancellationToken);
            return await AfterTurnAsync(result, trace, message, cancellationToken);
        }
        catch (BackOfficeUnavailableException ex)
        {
            var intent = trace.Intent;
            LogSystemDown(logger, ex, ex.System, intent);
            var reply = new Reply(
                DialogPhrases.SystemDown.Format(language, ("system", DialogPhrases.SystemName(ex.System).In(language))),
                IntentActions.HelpOrAgent(language));
            return new TurnResult(before, [reply], language, intent, RuleConfidence) { Kind = TurnKind.Failed };
        }
    }

    public IReadOnlyList<Reply> Welcome(ChannelUser user, string? locale)
    {
        ArgumentNullException.ThrowIfNull(user);
        var language = Languages.FromLocale(locale);
        var capabilities = IntentActions.CapabilityList(language, user.Requester);
        var text = user.Requester.Kind != RequesterKind.Anonymous && FirstName(user.Name) is { } name
            ? DialogPhrases.WelcomeByName.Format(language, ("name", MarkdownText.Literal(name)), ("capabilities", capabilities))
            : DialogPhrases.Welcome.Format(language, ("capabilities", capabilities));
        return [new Reply(text, IntentActions.Menu(language, user.Requester)) { Card = HelpdeskCards.Welcome(language, user.Requester) }];
    }

    public Reply Apology(string language) => new(DialogPhrases.Apology.In(Languages.Normalize(language)));

    private async Task<TurnResult> RouteAsync(
        ConversationState state,
        IncomingMessage message,
        string language,
        IReadOnlyList<EntityMatch> entities,
        DateTimeOffset now,
        TurnTrace trace,
        CancellationToken cancellationToken)
    {
        var text = message.Text ?? string.Empty;

        if (state.ResumeOffered && state.SuspendedForm is { } suspended)
        {
            state = state with { SuspendedForm = null, ResumeOffered = false };
            var owner = FormSkillFor(suspended);
            switch (Confirmation.Parse(text))
            {
                case ConfirmationAnswer.Yes when owner is not null:
                    trace.Intent = owner.FormIntent;
                    LogRouted(logger, owner.FormIntent, RuleConfidence, language);
                    return new TurnResult(
                        state with { ActiveForm = suspended with { LastActivityAt = now } },
                        [owner.Reminder(suspended, language)],
                        language,
                        owner.FormIntent,
                        RuleConfidence);
                case ConfirmationAnswer.No:
                    LogRouted(logger, CancelIntent, RuleConfidence, language);
                    return new TurnResult(
                        state,
                        [new Reply(DialogPhrases.ResumeDeclined.In(language), IntentActions.Menu(language, message.User.Requester))],
                        language,
                        CancelIntent,
                        RuleConfidence);
                default:
                    // Neither yes nor no. An answer to the form's own question (the one-time code that just arrived, the
                    // order number) resumes it with that answer; anything else means the user moved on, and so does the bot.
                    if (owner is not null && owner.Accepts(suspended, new TurnContext(message, language, state, null, now) { Entities = entities }))
                    {
                        state = state with { ActiveForm = suspended with { LastActivityAt = now } };
                    }

                    break;
            }
        }

        IntentPrediction? prediction = null;
        if (state.ActiveForm is { } form)
        {
            var owner = FormSkillFor(form);
            if (owner is null)
            {
                LogFormWithoutSkill(logger, form.GetType().Name);
            }
            else
            {
                var turn = new TurnContext(message, language, state, null, now) { Entities = entities };
                var accepted = owner.Accepts(form, turn);
                if (!accepted || form.AwaitsFreeText)
                {
                    prediction = Understand(text, entities);
                    if (IsInterruption(prediction, owner) && (!accepted || IsConfidentRequest(prediction)))
                    {
                        // Answer the new request; the form waits, and the bot offers to resume it once nothing else is pending.
                        LogInterrupted(logger, form.GetType().Name, prediction.Intent);
                        state = state with { ActiveForm = null, SuspendedForm = form with { LastActivityAt = now }, ResumeOffered = false };
                        return await StartSkillAsync(state, message, language, entities, now, prediction, trace, cancellationToken);
                    }
                }

                trace.Intent = owner.FormIntent;
                var answered = await owner.ContinueAsync(turn, cancellationToken);
                if (answered is not null)
                {
                    trace.Handoff = answered.Handoff;
                    LogRouted(logger, owner.FormIntent, RuleConfidence, language);
                    return new TurnResult(answered.State, answered.Replies, language, owner.FormIntent, RuleConfidence);
                }
            }

            state = state with { ActiveForm = null };
        }

        prediction ??= Understand(text, entities);
        return await StartSkillAsync(state, message, language, entities, now, prediction, trace, cancellationToken);
    }

    private async Task<TurnResult> StartSkillAsync(
        ConversationState state,
        IncomingMessage message,
        string language,
        IReadOnlyList<EntityMatch> entities,
        DateTimeOffset now,
        IntentPrediction prediction,
        TurnTrace trace,
        CancellationToken cancellationToken)
    {
        trace.Intent = prediction.Intent;
        LogRouted(logger, prediction.Intent, prediction.Confidence, language);
        var requester = message.User.Requester;

        if (prediction.Intent == IntentNames.OutOfScope)
        {
            // Out of scope for the classifier may still be in the policies ("can I bring my dog to the office?"): a passage
            // that clears the knowledge base's stricter bar answers it; anything less gets the honest out-of-scope reply.
            if (SkillFor(IntentNames.KbPolicy) is IOutOfScopeFallback fallback
                && await fallback.TryAnswerAsync(new TurnContext(message, language, state, prediction, now) { Entities = entities }, cancellationToken) is { } answered)
            {
                trace.Intent = IntentNames.KbPolicy;
                return new TurnResult(answered.State, answered.Replies, language, IntentNames.KbPolicy, prediction.Confidence);
            }

            var byModel = await ByModelAsync(state, message, language, entities, now, prediction, trace, cancellationToken);
            if (byModel.Result is { } routed)
            {
                return routed;
            }

            trace.Fallback = true;
            return Result(byModel.State, OutOfScope(language, requester), language, prediction);
        }

        if (prediction.IsAmbiguous)
        {
            var byModel = await ByModelAsync(state, message, language, entities, now, prediction, trace, cancellationToken);
            if (byModel.Result is { } routed)
            {
                return routed;
            }

            state = byModel.State;
            if (WhichDidYouMean(prediction, language) is { } question)
            {
                trace.LowConfidence = true;
                return Result(state, question, language, prediction);
            }
        }

        var skill = SkillFor(prediction.Intent);
        if (skill is null)
        {
            LogIntentWithoutSkill(logger, prediction.Intent);
            return Result(state, NotYetAvailable(prediction.Intent, language, requester), language, prediction);
        }

        if (IntentActions.IsRestricted(prediction.Intent) && !IntentActions.Serves(prediction.Intent, requester))
        {
            LogNotServed(logger, prediction.Intent, requester.Kind);
            return Result(state, NotServed(prediction.Intent, language, requester), language, prediction);
        }

        var result = await skill.StartAsync(new TurnContext(message, language, state, prediction, now) { Entities = entities }, cancellationToken);
        trace.Handoff = result.Handoff;
        return new TurnResult(result.State, result.Replies, language, prediction.Intent, prediction.Confidence);
    }

    /// <summary>
    /// Offers a message the classifier could not route to the chat model's tool use. The state comes back charged for the
    /// model either way; the result is null when the model did not act, and the caller falls back as without a model.
    /// </summary>
    private async Task<(ConversationState State, TurnResult? Result)> ByModelAsync(
        ConversationState state,
        IncomingMessage message,
        string language,
        IReadOnlyList<EntityMatch> entities,
        DateTimeOffset now,
        IntentPrediction prediction,
        TurnTrace trace,
        CancellationToken cancellationToken)
    {
        if (toolUse is not { IsEnabled: true })
        {
            return (state, null);
        }

        var outcome = await toolUse.TryAsync(new TurnContext(message, language, state, prediction, now) { Entities = entities }, cancellationToken);
        if (outcome is not { Replies: { } replies, Intent: { } intent })
        {
            return (outcome.State, null);
        }

        if (outcome.State.ActiveForm is { } form && FormSkillFor(form) is { } owner && replies[^1].SuggestedActions.Count == 0)
        {
            // A function left the skill's form waiting (yes or no to a change, an e-mail to verify): its question goes with
            // the buttons the skill shows at that step, and the card step after the turn makes them a card.
            replies = [.. replies.Take(replies.Count - 1), replies[^1] with { SuggestedActions = owner.Reminder(form, language).SuggestedActions }];
        }

        trace.Intent = intent;
        LogRoutedByModel(logger, intent, language);
        return (outcome.State, new TurnResult(outcome.State, replies, language, intent, prediction.Confidence));
    }

    /// <summary>
    /// After the skill: hand off when it asked for a person or the bot keeps failing the user (fallbacks, unsure guesses
    /// in a row); otherwise remember what the user was doing and offer back a form they left.
    /// </summary>
    private async Task<TurnResult> AfterTurnAsync(TurnResult result, TurnTrace trace, IncomingMessage message, CancellationToken cancellationToken)
    {
        var state = result.State;
        var language = result.Language;
        if (trace.Handoff is { } requested)
        {
            var escalated = await EscalateAsync(state, message, language, requested.Reason, requested.Detail, requested.Queue, result.Replies, cancellationToken);
            return result with { State = escalated.State, Replies = escalated.Replies, Kind = TurnKind.HandedOff };
        }

        if (trace.Fallback)
        {
            var streak = state.FallbackStreak + 1;
            if (handoffTriggers.FallbacksBeforeHandoff > 0 && streak >= handoffTriggers.FallbacksBeforeHandoff)
            {
                var escalated = await EscalateAsync(
                    state, message, language, HandoffReason.RepeatedFallback, null, null, [new Reply(HandoffPhrases.RepeatedFallback.In(language))], cancellationToken);
                return result with { State = escalated.State, Replies = escalated.Replies, Kind = TurnKind.HandedOff };
            }

            return WithResumeOffer(result with { State = state with { FallbackStreak = streak, LowConfidenceStreak = 0 }, Kind = TurnKind.Fallback });
        }

        if (trace.LowConfidence)
        {
            var streak = state.LowConfidenceStreak + 1;
            if (handoffTriggers.LowConfidenceTurnsBeforeHandoff > 0 && streak >= handoffTriggers.LowConfidenceTurnsBeforeHandoff)
            {
                var escalated = await EscalateAsync(
                    state, message, language, HandoffReason.LowConfidence, null, null, [new Reply(HandoffPhrases.RepeatedFallback.In(language))], cancellationToken);
                return result with { State = escalated.State, Replies = escalated.Replies, Kind = TurnKind.HandedOff };
            }

            return WithResumeOffer(result with { State = state with { LowConfidenceStreak = streak, FallbackStreak = 0 }, Kind = TurnKind.LowConfidence });
        }

        state = state with
        {
            FallbackStreak = 0,
            LowConfidenceStreak = 0,
            LastTaskIntent = HandoffQueues.IsTask(trace.Intent) ? trace.Intent : state.LastTaskIntent,
        };
        // A form that still waits for an answer after this turn asked its next question.
        return WithResumeOffer(result with { State = state, Kind = state.ActiveForm is null ? TurnKind.Answered : TurnKind.FormStep });
    }

    /// <summary>
    /// Puts the conversation in front of a person: the desk queues it (or it is outside hours, and the bot takes a callback
    /// request). Forms in progress are dropped: the person takes it from here.
    /// </summary>
    private async Task<SkillResult> EscalateAsync(
        ConversationState state,
        IncomingMessage message,
        string language,
        HandoffReason reason,
        string? detail,
        string? queue,
        IReadOnlyList<Reply> leading,
        CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        state = state with { ActiveForm = null, SuspendedForm = null, ResumeOffered = false, FallbackStreak = 0, LowConfidenceStreak = 0 };
        if (handoffDesk is null)
        {
            LogNoDesk(logger);
            return new SkillResult(state, [.. leading, new Reply(HandoffPhrases.HubFailed.In(language), IntentActions.Menu(language, message.User.Requester))]);
        }

        queue = HandoffQueues.Normalize(queue) ?? HandoffQueues.ForIntent(state.LastTaskIntent);
        var placement = await handoffDesk.RequestAsync(
            new HandoffRequest(message.ConversationId, message.User, language, queue, reason, detail, state.LastTaskIntent), cancellationToken);
        LogHandoff(logger, reason, queue, placement.GetType().Name);
        switch (placement)
        {
            case HandoffPlacement.Queued queued:
                return new SkillResult(state, [.. leading, QueuedReply(queued.Queue, queued.Position, queued.EstimatedWait, language)]);
            case HandoffPlacement.AlreadyQueued waiting:
                return new SkillResult(state, [.. leading, QueuedReply(waiting.Queue, waiting.Position, waiting.EstimatedWait, language)]);
            case HandoffPlacement.SentToHub hub:
                return new SkillResult(state, [.. leading, new Reply(HandoffPhrases.SentToHub.Format(language, ("team", HandoffQueues.TeamName(hub.Queue, language))))]);
            case HandoffPlacement.OutsideHours closed:
                var team = HandoffQueues.TeamName(closed.Queue, language);
                var text = closed.NextOpening is { } opening
                    ? HandoffPhrases.OutsideHours.Format(language, ("team", team), ("opening", HandoffFormat.Opening(opening, language)))
                    : HandoffPhrases.OutsideHoursNoOpening.Format(language, ("team", team));
                var form = new CallbackFormState { Queue = closed.Queue, Reason = reason, NextOpening = closed.NextOpening, LastActivityAt = now };
                return new SkillResult(state with { ActiveForm = form }, [.. leading, new Reply(Capitalized(text))]);
            default:
                throw new InvalidOperationException($"Unknown handoff placement {placement.GetType().Name}.");
        }
    }

    private static Reply QueuedReply(string queue, int position, TimeSpan wait, string language) =>
        new(
            HandoffPhrases.Queued.Format(
                language,
                ("team", HandoffQueues.TeamName(queue, language)),
                ("position", position.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ("minutes", HandoffPhrases.Minutes(wait))),
            [HandoffPhrases.CancelButton(language)]);

    private static string Capitalized(string text) =>
        text.Length > 0 && char.IsLower(text[0]) ? char.ToUpperInvariant(text[0]) + text[1..] : text;

    /// <summary>What routing found out about the turn, for what happens after the skill.</summary>
    private sealed class TurnTrace
    {
        public string Intent { get; set; } = IntentNames.OutOfScope;

        /// <summary>The bot could not understand the message and said so.</summary>
        public bool Fallback { get; set; }

        /// <summary>The classifier was unsure and the bot asked which was meant.</summary>
        public bool LowConfidence { get; set; }

        /// <summary>A skill (or the user) asked for a person.</summary>
        public SkillHandoff? Handoff { get; set; }
    }

    /// <summary>A confident, different request the bot can serve, where the form expected an answer: the user changed the subject.</summary>
    /// <remarks>
    /// Small talk and help must be confident too: a single unknown word at a question ("Slack", "Minecraft") often scores
    /// just over the out-of-scope threshold as a greeting, and should be re-asked by the form, not answered as one.
    /// </remarks>
    private bool IsInterruption(IntentPrediction prediction, IFormSkill owner) =>
        prediction.Intent != IntentNames.OutOfScope
        && !prediction.IsAmbiguous
        && prediction.Intent != owner.FormIntent
        && SkillFor(prediction.Intent) is not null
        && (!IsSmallTalkOrHelp(prediction.Intent) || prediction.Confidence >= FreeTextInterruptionConfidence);

    /// <summary>
    /// "Ya, batalin aja" or "yes, cancel it" answering "shall I cancel the order?" is a yes that contains a cancel word:
    /// the form at its confirmation reads it first. A plain "batal" or "never mind" that it cannot read as yes or no
    /// still stops the form (and the reply says nothing was changed).
    /// </summary>
    private bool IsAnswerToConfirmation(
        ConversationState state, IncomingMessage message, string language, IReadOnlyList<EntityMatch> entities, DateTimeOffset now) =>
        state.ActiveForm is { AwaitsConfirmation: true } form
        && FormSkillFor(form) is { } owner
        && owner.Accepts(form, new TurnContext(message, language, state, null, now) { Entities = entities });

    /// <summary>
    /// Where a form takes free text, only a confident request for another skill (not small talk) counts as changing the
    /// subject: "how many leave days do I have left?" typed as a ticket description is a question, "the screen flickers"
    /// is a description.
    /// </summary>
    private static bool IsConfidentRequest(IntentPrediction prediction) =>
        prediction.Confidence >= FreeTextInterruptionConfidence && !IsSmallTalkOrHelp(prediction.Intent);

    private static bool IsSmallTalkOrHelp(string intent) =>
        intent.StartsWith("smalltalk.", StringComparison.Ordinal) || intent == IntentNames.BotHelp;

    /// <summary>Once nothing waits for input, a form the user left is offered back to them, once.</summary>
    private TurnResult WithResumeOffer(TurnResult result)
    {
        if (result.State is not { ActiveForm: null, SuspendedForm: { } suspended, ResumeOffered: false }
            || FormSkillFor(suspended) is not { } owner
            || IntentActions.TopicOf(owner.FormIntent, result.Language) is not { } topic)
        {
            return result;
        }

        var offer = new Reply(DialogPhrases.ResumeOffer.Format(result.Language, ("topic", topic)), Confirmation.Buttons(result.Language));
        return result with { State = result.State with { ResumeOffered = true }, Replies = [.. result.Replies, offer] };
    }

    private static string? FirstName(string? name) =>
        string.IsNullOrWhiteSpace(name) ? null : name.Trim().Split(' ', 2)[0];

    /// <summary>
    /// True when the text says nothing about its language: an order number, digits, an e-mail address, an emoji, "ok". Such a message keeps
    /// the conversation's language instead of trusting the detector on almost no evidence.
    /// </summary>
    internal static bool IsLanguageNeutral(string text)
    {
        var letters = 0;
        foreach (var token in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (!token.Any(char.IsDigit) && !token.Contains('@', StringComparison.Ordinal))
            {
                letters += token.Count(char.IsLetter);
            }
        }

        return letters < 3;
    }

    // Inside a conversation, a reply that gives no clear signal ("email", "sms", "ok") keeps the conversation's language
    // rather than the channel's locale (often missing on each message) or the English default.
    private string DetectLanguage(ConversationState state, string text, string? locale) =>
        state.TurnCount > 0 && IsLanguageNeutral(text)
            ? state.Language
            : Languages.Normalize(languageDetector.Detect(text, state.TurnCount > 0 ? state.Language : locale));

    private async Task<TurnResult> HelpAsync(
        ConversationState state, IncomingMessage message, string language, DateTimeOffset now, CancellationToken cancellationToken)
    {
        LogRouted(logger, IntentNames.BotHelp, RuleConfidence, language);
        var prediction = RulePrediction(IntentNames.BotHelp);
        IReadOnlyList<Reply> replies = SkillFor(IntentNames.BotHelp) is { } helpSkill
            ? (await helpSkill.StartAsync(new TurnContext(message, language, state, prediction, now), cancellationToken)).Replies
            : [HelpSkill.Reply(language, message.User.Requester)];

        // Asking for help is not an answer: the form keeps waiting, and its clock restarts because the user is still here.
        if (state.ActiveForm is { } form && FormSkillFor(form) is { } owner)
        {
            state = state with { ActiveForm = form with { LastActivityAt = now } };
            replies = [.. replies, owner.Reminder(form, language)];
        }

        return new TurnResult(state, replies, language, IntentNames.BotHelp, RuleConfidence);
    }

    private IntentPrediction Understand(string text, IReadOnlyList<EntityMatch> entities)
    {
        if (IntentActions.IntentOfButton(text) is { } pressed)
        {
            return RulePrediction(pressed);
        }

        // The turn's entities already hold the order number; an id inside an e-mail address is not one.
        var orderNumber = entities.FirstOrDefault(e => e.Type == EntityTypes.OrderId)?.Value;
        if (orderNumber is not null && IsLanguageNeutral(text))
        {
            // A bare "ORD-100123" or "100123" can only mean one thing here; don't let the classifier guess.
            return RulePrediction(IntentNames.OrderStatus);
        }

        var prediction = classifier.Classify(text);
        if (orderNumber is not null && (prediction.Intent == IntentNames.OutOfScope || prediction.IsAmbiguous))
        {
            // "ORD-100123 please?" may score low, but a message carrying an order number is about that order.
            return prediction with { Intent = IntentNames.OrderStatus, IsAmbiguous = false };
        }

        return prediction;
    }

    private static IntentPrediction RulePrediction(string intent) =>
        new(intent, RuleConfidence, false, [new IntentScore(intent, RuleConfidence)]);

    /// <summary>The honest "I can't help with that", with what the bot can do and a way to a person.</summary>
    private static Reply OutOfScope(string language, Requester requester) =>
        new(
            DialogPhrases.OutOfScope.Format(language, ("capabilities", IntentActions.CapabilityList(language, requester))),
            [.. IntentActions.Menu(language, requester), IntentActions.For(IntentNames.AgentHandoff, language)!]);

    /// <summary>A request the bot understood but has no skill for in this chat: say so, and say what it can do.</summary>
    private static Reply NotYetAvailable(string intent, string language, Requester requester) =>
        IntentActions.TopicOf(intent, language) is { } topic
            ? new Reply(
                DialogPhrases.NotYetAvailable.Format(language, ("topic", topic), ("capabilities", IntentActions.CapabilityList(language, requester))),
                IntentActions.Menu(language, requester))
            : OutOfScope(language, requester);

    /// <summary>A request the bot serves, but not for this kind of user: employees' HR and IT, signed-in customers' invoices.</summary>
    private static Reply NotServed(string intent, string language, Requester requester)
    {
        var phrase = IntentActions.Serves(intent, Requester.Employee("any")) && !IntentActions.Serves(intent, Requester.Customer("any"))
            ? DialogPhrases.EmployeesOnly
            : requester.Kind == RequesterKind.Anonymous ? DialogPhrases.SignInRequired : DialogPhrases.NotForYou;
        return new Reply(
            phrase.Format(language, ("capabilities", IntentActions.CapabilityList(language, requester))),
            IntentActions.Menu(language, requester));
    }

    /// <summary>Asks which of the top two intents was meant, or null when they don't both have a button to offer.</summary>
    private static Reply? WhichDidYouMean(IntentPrediction prediction, string language)
    {
        var choices = prediction.Ranking
            .Where(score => score.Intent != IntentNames.OutOfScope)
            .OrderByDescending(score => score.Score)
            .Take(2)
            .Select(score => IntentActions.For(score.Intent, language))
            .OfType<SuggestedAction>()
            .ToArray();
        return choices.Length == 2 ? new Reply(DialogPhrases.Ambiguous.In(language), choices) : null;
    }

    private static TurnResult Result(ConversationState state, Reply reply, string language, IntentPrediction prediction) =>
        new(state, [reply], language, prediction.Intent, prediction.Confidence);

    private ISkill? SkillFor(string intent) => Array.Find(skills, skill => skill.Intents.Contains(intent));

    private IFormSkill? FormSkillFor(FormState form) => skills.OfType<IFormSkill>().FirstOrDefault(skill => skill.Owns(form));

    // Debug: the host logs each turn once at Information, with its channel, intent, confidence and language.
    [LoggerMessage(LogLevel.Debug, "Turn routed to {Intent} ({Confidence}) in {Language}")]
    private static partial void LogRouted(ILogger logger, string intent, float confidence, string language);

    [LoggerMessage(LogLevel.Information, "Turn routed to {Intent} by the chat model's tool use in {Language}")]
    private static partial void LogRoutedByModel(ILogger logger, string intent, string language);

    [LoggerMessage(LogLevel.Information, "Dropped an expired {FormType}")]
    private static partial void LogFormExpired(ILogger logger, string formType);

    [LoggerMessage(LogLevel.Warning, "No registered skill owns the active {FormType}; dropping it")]
    private static partial void LogFormWithoutSkill(ILogger logger, string formType);

    [LoggerMessage(LogLevel.Information, "A {FormType} was interrupted by {Intent}; offering to resume it later")]
    private static partial void LogInterrupted(ILogger logger, string formType, string intent);

    [LoggerMessage(LogLevel.Information, "Intent {Intent} is not served to a {RequesterKind} requester; said so")]
    private static partial void LogNotServed(ILogger logger, string intent, RequesterKind requesterKind);

    [LoggerMessage(LogLevel.Warning, "The {System} back-office system did not answer during {Intent}; the conversation keeps its state")]
    private static partial void LogSystemDown(ILogger logger, Exception exception, BackOfficeSystem system, string intent);

    [LoggerMessage(LogLevel.Information, "Handing off ({Reason}) to the {Queue} queue: {Placement}")]
    private static partial void LogHandoff(ILogger logger, HandoffReason reason, string queue, string placement);

    [LoggerMessage(LogLevel.Warning, "A handoff was due but no handoff desk is registered; the bot stays")]
    private static partial void LogNoDesk(ILogger logger);

    [LoggerMessage(LogLevel.Information, "No skill handles intent {Intent} in this chat yet; said so")]
    private static partial void LogIntentWithoutSkill(ILogger logger, string intent);
}
