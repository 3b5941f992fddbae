using HelpdeskBot.Classifier.Entities;
using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Classifier.Languages;
using HelpdeskBot.Skills.SmallTalk;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Skills.Conversations;

/// <summary>
/// One turn, in this order: language; global interruptions (cancel, help), so they work even inside a form; the active
/// form, which takes the input; otherwise understand the message and route its intent to a skill, falling back when the
/// intent is out of scope or ambiguous.
/// </summary>
public sealed partial class ConversationEngine(
    IIntentClassifier classifier,
    ILanguageDetector languageDetector,
    IEntityRecognizer entityRecognizer,
    IEnumerable<ISkill> skills,
    TimeProvider timeProvider,
    ILogger<ConversationEngine> logger) : IConversationEngine
{
    /// <summary>The intent reported for a "cancel" interruption (the classifier has no such intent).</summary>
    public const string CancelIntent = "dialog.cancel";

    /// <summary>Confidence reported for turns routed by a rule rather than by the classifier.</summary>
    private const float RuleConfidence = 1f;

    private readonly ISkill[] skills = [.. skills];

    public async Task<TurnResult> RunTurnAsync(ConversationState state, IncomingMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(message);

        var now = timeProvider.GetUtcNow();
        var text = message.Text ?? string.Empty;
        var language = DetectLanguage(state, text, message.Locale);
        var entities = entityRecognizer.Recognize(text);
        state = state with { Language = language, TurnCount = state.TurnCount + 1 };

        if (state.ActiveForm is { } stale && stale.IsExpiredAt(now))
        {
            LogFormExpired(logger, stale.GetType().Name);
            state = state with { ActiveForm = null };
        }

        if (Interruptions.IsCancel(text))
        {
            var phrase = state.ActiveForm is null ? DialogPhrases.NothingToCancel : DialogPhrases.Cancelled;
            LogRouted(logger, CancelIntent, RuleConfidence, language);
            return new TurnResult(state with { ActiveForm = null }, [new Reply(phrase.In(language))], language, CancelIntent, RuleConfidence);
        }

        if (Interruptions.IsHelp(text))
        {
            return await HelpAsync(state, message, language, now, cancellationToken);
        }

        if (state.ActiveForm is { } form)
        {
            var owner = FormSkillFor(form);
            if (owner is null)
            {
                LogFormWithoutSkill(logger, form.GetType().Name);
            }
            else
            {
                var answered = await owner.ContinueAsync(new TurnContext(message, language, state, null, now) { Entities = entities }, cancellationToken);
                if (answered is not null)
                {
                    LogRouted(logger, owner.FormIntent, RuleConfidence, language);
                    return new TurnResult(answered.State, answered.Replies, language, owner.FormIntent, RuleConfidence);
                }
            }

            state = state with { ActiveForm = null };
        }

        var prediction = Understand(text, entities);
        LogRouted(logger, prediction.Intent, prediction.Confidence, language);

        if (prediction.Intent == IntentNames.OutOfScope)
        {
            return Result(state, OutOfScope(language), language, prediction);
        }

        if (prediction.IsAmbiguous && WhichDidYouMean(prediction, language) is { } question)
        {
            return Result(state, question, language, prediction);
        }

        var skill = SkillFor(prediction.Intent);
        if (skill is null)
        {
            LogIntentWithoutSkill(logger, prediction.Intent);
            return Result(state, NotYetAvailable(prediction.Intent, language), language, prediction);
        }

        var result = await skill.StartAsync(new TurnContext(message, language, state, prediction, now) { Entities = entities }, cancellationToken);
        return new TurnResult(result.State, result.Replies, language, prediction.Intent, prediction.Confidence);
    }

    public IReadOnlyList<Reply> Welcome(string? locale)
    {
        var language = Languages.FromLocale(locale);
        return [new Reply(DialogPhrases.Welcome.In(language), IntentActions.Menu(language))];
    }

    public Reply Apology(string language) => new(DialogPhrases.Apology.In(Languages.Normalize(language)));

    /// <summary>
    /// True when the text says nothing about its language: an order number, digits, an emoji, "ok". Such a message keeps
    /// the conversation's language instead of trusting the detector on almost no evidence.
    /// </summary>
    internal static bool IsLanguageNeutral(string text)
    {
        var letters = 0;
        foreach (var token in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (!token.Any(char.IsDigit))
            {
                letters += token.Count(char.IsLetter);
            }
        }

        return letters < 3;
    }

    private string DetectLanguage(ConversationState state, string text, string? locale) =>
        state.TurnCount > 0 && IsLanguageNeutral(text)
            ? state.Language
            : Languages.Normalize(languageDetector.Detect(text, locale));

    private async Task<TurnResult> HelpAsync(
        ConversationState state, IncomingMessage message, string language, DateTimeOffset now, CancellationToken cancellationToken)
    {
        LogRouted(logger, IntentNames.BotHelp, RuleConfidence, language);
        var prediction = RulePrediction(IntentNames.BotHelp);
        IReadOnlyList<Reply> replies = SkillFor(IntentNames.BotHelp) is { } helpSkill
            ? (await helpSkill.StartAsync(new TurnContext(message, language, state, prediction, now), cancellationToken)).Replies
            : [HelpSkill.Reply(language)];

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

    private static Reply OutOfScope(string language) =>
        new(
            DialogPhrases.OutOfScope.Format(language, ("capabilities", IntentActions.CapabilityList(language))),
            IntentActions.Menu(language));

    /// <summary>A request the bot understood but has no skill for in this chat: say so, and say what it can do.</summary>
    private static Reply NotYetAvailable(string intent, string language) =>
        IntentActions.TopicOf(intent, language) is { } topic
            ? new Reply(
                DialogPhrases.NotYetAvailable.Format(language, ("topic", topic), ("capabilities", IntentActions.CapabilityList(language))),
                IntentActions.Menu(language))
            : OutOfScope(language);

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

    [LoggerMessage(LogLevel.Information, "Turn routed to {Intent} ({Confidence}) in {Language}")]
    private static partial void LogRouted(ILogger logger, string intent, float confidence, string language);

    [LoggerMessage(LogLevel.Information, "Dropped an expired {FormType}")]
    private static partial void LogFormExpired(ILogger logger, string formType);

    [LoggerMessage(LogLevel.Warning, "No registered skill owns the active {FormType}; dropping it")]
    private static partial void LogFormWithoutSkill(ILogger logger, string formType);

    [LoggerMessage(LogLevel.Information, "No skill handles intent {Intent} in this chat yet; said so")]
    private static partial void LogIntentWithoutSkill(ILogger logger, string intent);
}
