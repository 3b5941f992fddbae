using System.Text.RegularExpressions;
using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Skills.Conversations;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Skills.Handoff;

/// <summary>
/// Set by the host when an agent resolves a conversation and the bot has asked for a 1–5 rating: the next message may be
/// the answer.
/// </summary>
public sealed record SatisfactionFormState : FormState
{
    public const string Discriminator = "agent.csat";

    /// <summary>The handoff case being rated.</summary>
    public required long CaseId { get; init; }

    public override bool IsExpiredAt(DateTimeOffset now) => now - LastActivityAt > TimeSpan.FromHours(24);
}

/// <summary>
/// Takes the rating asked for after an agent resolved the conversation ("4", "5 stars", "⭐⭐⭐", "empat"). Anything that is
/// not a rating is not forced into one: the form steps aside and the message is handled as a new request.
/// </summary>
internal sealed partial class SatisfactionSkill(ILogger<SatisfactionSkill> logger, IHandoffDesk? handoffDesk = null) : IFormSkill
{
    // Only the desk starts this form, so with no desk registered (a host without handoff) it never runs.
    private IHandoffDesk Desk => handoffDesk ?? throw new InvalidOperationException("No IHandoffDesk is registered.");

    public IReadOnlyCollection<string> Intents { get; } = [];

    public string FormIntent => IntentNames.AgentHandoff;

    public bool Owns(FormState form) => form is SatisfactionFormState;

    public Task<SkillResult> StartAsync(TurnContext turn, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("The rating question is asked by the host when an agent resolves a conversation.");

    // Everything goes to ContinueAsync, which declines (null) what is not a rating; the engine then routes it afresh.
    public bool Accepts(FormState form, TurnContext turn) => true;

    public async Task<SkillResult?> ContinueAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var form = turn.ActiveForm<SatisfactionFormState>(this);
        if (form.IsExpiredAt(turn.Now) || Parse(turn.Message.Text) is not { } score)
        {
            return null;
        }

        await Desk.RecordSatisfactionAsync(turn.Message.ConversationId, form.CaseId, score, cancellationToken);
        LogRated(logger, form.CaseId, score);
        var language = turn.Language;
        return new SkillResult(
            turn.State with { ActiveForm = null },
            [new Reply(HandoffPhrases.CsatThanks.In(language), IntentActions.Menu(language, turn.Requester))]);
    }

    public Reply Reminder(FormState form, string language) => HandoffPhrases.CsatPrompt(language);

    /// <summary>A 1–5 rating in the message, or null: a digit, "4/5", "4 stars", stars, or the number in words.</summary>
    internal static int? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = text.Trim().ToLowerInvariant();
        var stars = trimmed.Count(c => c == '⭐' || c == '★');
        if (stars is >= 1 and <= 5 && trimmed.All(c => c is '⭐' or '★' or ' ' or '\uFE0F'))
        {
            return stars;
        }

        var match = Rating().Match(trimmed);
        if (!match.Success)
        {
            return null;
        }

        return match.Groups["n"].Value switch
        {
            "1" or "one" or "satu" => 1,
            "2" or "two" or "dua" => 2,
            "3" or "three" or "tiga" => 3,
            "4" or "four" or "empat" => 4,
            "5" or "five" or "lima" => 5,
            _ => null,
        };
    }

    [GeneratedRegex(
        @"^(?:(?:i\s+(?:give|rate)(?:\s+it)?|rating|nilai(?:nya)?|saya\s+(?:beri|kasih)(?:\s+nilai)?|kasih)\s+)?(?<n>[1-5]|one|two|three|four|five|satu|dua|tiga|empat|lima)(?:\s*(?:/\s*5|out\s+of\s+5|dari\s+5|stars?|bintang))?\s*[.!]?$",
        RegexOptions.CultureInvariant)]
    private static partial Regex Rating();

    [LoggerMessage(LogLevel.Information, "Handoff case {CaseId} rated {Score}/5")]
    private static partial void LogRated(ILogger logger, long caseId, int score);
}
