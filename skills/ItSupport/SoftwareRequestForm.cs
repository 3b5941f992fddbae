using HelpdeskBot.Connectors.ItSupport;
using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Skills.ItSupport;

public enum SoftwareRequestStage { AskSoftware, AskJustification, Confirm }

/// <summary>A catalogue item offered as a choice (kept in the state so the answer can be read without another lookup).</summary>
public sealed record SoftwareChoice(string SoftwareId, string Name, bool NeedsLicence, bool NeedsApproval)
{
    public static SoftwareChoice From(SoftwareItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new(item.SoftwareId, item.Name, item.NeedsLicence, item.NeedsApproval);
    }

    /// <summary>Free items (no licence, no approval) don't need a reason.</summary>
    public bool NeedsJustification => NeedsLicence || NeedsApproval;
}

/// <summary>The software-request form: which item, why (optional for free items), confirmation.</summary>
public sealed record SoftwareRequestFormState : FormState
{
    public const string Discriminator = "it.software_request";

    public SoftwareRequestStage Stage { get; init; }

    public override bool AwaitsFreeText => Stage == SoftwareRequestStage.AskJustification;

    /// <summary>The items offered at <see cref="SoftwareRequestStage.AskSoftware"/>.</summary>
    public IReadOnlyList<SoftwareChoice> Choices { get; init; } = [];

    public SoftwareChoice? Software { get; init; }

    public string? Justification { get; init; }

    public int FailedAttempts { get; init; }

    public override bool IsExpiredAt(DateTimeOffset now) => now - LastActivityAt >= SoftwareRequestForm.Timeout;

    // Value equality over the choices too (a record compares lists by reference), so a state read back from JSON
    // equals the one written. Keep in step with the properties above.
    public bool Equals(SoftwareRequestFormState? other) =>
        other is not null
        && base.Equals(other)
        && Stage == other.Stage
        && Choices.SequenceEqual(other.Choices)
        && Equals(Software, other.Software)
        && Justification == other.Justification
        && FailedAttempts == other.FailedAttempts;

    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Stage, Choices.Count, Software, Justification, FailedAttempts);
}

public enum SoftwareRequestFormAction
{
    /// <summary>The user asks about their requests, not for new software: list them; no form.</summary>
    ShowStatus,
    Ask,
    Reprompt,
    Confirm,

    /// <summary>Request <see cref="SoftwareRequestFormState.Software"/>; the form is done.</summary>
    Request,
    Declined,
    GiveUp,
    Cancelled,
    Expired,
}

public sealed record SoftwareRequestFormStep(
    SoftwareRequestFormAction Action,
    SoftwareRequestFormState? State,
    Reply? Reply = null,
    SoftwareChoice? Software = null,
    string? Justification = null);

/// <summary>
/// Which software, why, confirm. The status path: a message that asks about a request ("status of my software request",
/// "sudah disetujui?", "is it approved") is answered with the user's requests instead of starting a new one; the
/// classifier has one intent for both. Pure: the skill passes the catalogue in.
/// </summary>
public static class SoftwareRequestForm
{
    public const int MaxFailedAttempts = 3;

    public const int MaxJustificationLength = 500;

    /// <summary>At most this many catalogue items are offered as buttons.</summary>
    public const int MaxButtons = 10;

    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(30);

    // Words of product names that don't tell products apart.
    private static readonly HashSet<string> VendorWords = new(StringComparer.Ordinal)
    {
        "microsoft", "adobe", "google", "pro", "professional", "standard", "enterprise", "for", "the", "and", "edition", "suite", "app", "software",
    };

    public static SoftwareRequestFormStep Begin(string utterance, IReadOnlyList<SoftwareItem> catalog, string language, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(utterance);
        ArgumentNullException.ThrowIfNull(catalog);

        if (IsStatusQuestion(utterance))
        {
            return new SoftwareRequestFormStep(SoftwareRequestFormAction.ShowStatus, null);
        }

        var choices = catalog.Select(SoftwareChoice.From).ToList();
        var matches = Match(utterance, choices);
        var state = new SoftwareRequestFormState { LastActivityAt = now };
        return matches is [var only]
            ? Chosen(state, only, null, language)
            : Ask(state with { Stage = SoftwareRequestStage.AskSoftware, Choices = matches.Count > 1 ? matches : choices }, language);
    }

    /// <summary>Starts with the item (and maybe the reason) known, from a kernel function's arguments.</summary>
    public static SoftwareRequestFormStep BeginWith(SoftwareChoice software, string? justification, string language, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(software);
        return Chosen(new SoftwareRequestFormState { LastActivityAt = now }, software, string.IsNullOrWhiteSpace(justification) ? null : Clip(justification), language);
    }

    public static SoftwareRequestFormStep NextTurn(SoftwareRequestFormState state, string input, string language, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(input);

        if (state.IsExpiredAt(now))
        {
            return new SoftwareRequestFormStep(SoftwareRequestFormAction.Expired, null);
        }

        if (Interruptions.IsCancel(input))
        {
            return new SoftwareRequestFormStep(SoftwareRequestFormAction.Cancelled, null, new Reply(DialogPhrases.Cancelled.In(language)));
        }

        state = state with { LastActivityAt = now };
        switch (state.Stage)
        {
            case SoftwareRequestStage.AskSoftware:
                var matches = Match(input, state.Choices);
                if (matches is [var only])
                {
                    return Chosen(state with { Choices = [] }, only, null, language);
                }

                var narrowed = matches.Count > 1 ? state with { Choices = matches } : state;
                return Fail(narrowed, UnknownChoice(narrowed, language), language);

            case SoftwareRequestStage.AskJustification:
                var software = state.Software!;
                if (IsSkip(input) || !input.Any(char.IsLetterOrDigit))
                {
                    return software.NeedsJustification
                        ? Fail(state, ItPhrases.JustificationRequired.Format(language, ("software", software.Name)), language)
                        : AskToConfirm(state with { Stage = SoftwareRequestStage.Confirm, Justification = null, FailedAttempts = 0 }, language);
                }

                return AskToConfirm(state with { Stage = SoftwareRequestStage.Confirm, Justification = Clip(input), FailedAttempts = 0 }, language);

            default:
                return Confirmation.Parse(input) switch
                {
                    ConfirmationAnswer.Yes => new SoftwareRequestFormStep(SoftwareRequestFormAction.Request, null, Software: state.Software, Justification: state.Justification),
                    ConfirmationAnswer.No => new SoftwareRequestFormStep(SoftwareRequestFormAction.Declined, null, new Reply(ItPhrases.SoftwareDeclined.In(language))),
                    _ => Fail(state, null, language),
                };
        }
    }

    public static string Question(SoftwareRequestFormState state, string language)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Stage switch
        {
            SoftwareRequestStage.AskSoftware => ItPhrases.AskSoftware.In(language),
            SoftwareRequestStage.AskJustification => state.Software!.NeedsJustification
                ? ItPhrases.AskJustification.Format(language, ("software", state.Software.Name))
                : ItPhrases.AskOptionalJustification.Format(language, ("software", state.Software.Name)),
            _ => ItPhrases.ConfirmSoftware.Format(language, ("software", state.Software!.Name), ("details", Details(state.Software, language))),
        };
    }

    public static IReadOnlyList<SuggestedAction> Buttons(SoftwareRequestFormState state, string language)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Stage switch
        {
            SoftwareRequestStage.AskSoftware => [.. state.Choices.Take(MaxButtons).Select(choice => ItVocabulary.Button(choice.Name))],
            SoftwareRequestStage.AskJustification when state.Software is { NeedsJustification: false } => [ItVocabulary.Button(ItPhrases.SkipTitle.In(language))],
            SoftwareRequestStage.AskJustification => [],
            _ => Confirmation.Buttons(language),
        };
    }

    public static bool Accepts(SoftwareRequestFormState state, string input)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(input);
        return state.Stage switch
        {
            SoftwareRequestStage.AskSoftware => Match(input, state.Choices).Count == 1,
            SoftwareRequestStage.AskJustification => input.Any(char.IsLetterOrDigit) && !Interruptions.IsGreeting(input),
            _ => Confirmation.Parse(input) != ConfirmationAnswer.Unclear,
        };
    }

    /// <summary>
    /// Whether a software message asks about existing requests: "status", "approved", "disetujui", "sudah di-approve",
    /// "sampai mana", "progress" (EN/ID keywords, whole words).
    /// </summary>
    public static bool IsStatusQuestion(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = ItVocabulary.Padded(text);
        return ItVocabulary.ContainsAny(
            words, "status", "approved", "disetujui", "di-approve", "diapprove", "sampai mana", "progress", "progres", "my software requests", "permintaan software saya");
    }

    /// <summary>
    /// The items a message names, case-insensitively: an item whose full name appears wins; otherwise the items with the
    /// most distinctive name words in the message ("visio" → "Microsoft Visio"; "visual studio" → both Visual Studio items).
    /// </summary>
    public static IReadOnlyList<SoftwareChoice> Match(string text, IReadOnlyList<SoftwareChoice> choices)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(choices);
        var words = ItVocabulary.Padded(text);

        var full = choices.Where(c => words.Contains($" {Interruptions.Normalize(c.Name)} ", StringComparison.Ordinal)).ToList();
        if (full.Count > 0)
        {
            // "Visual Studio Code" also contains "Visual Studio"; the longest full name is the one meant.
            var longest = full.Max(c => c.Name.Length);
            return [.. full.Where(c => c.Name.Length == longest)];
        }

        var scored = choices
            .Select(c => (Choice: c, Hits: DistinctiveWords(c.Name).Count(w => words.Contains($" {w} ", StringComparison.Ordinal))))
            .Where(s => s.Hits > 0)
            .ToList();
        if (scored.Count == 0)
        {
            return [];
        }

        var best = scored.Max(s => s.Hits);
        return [.. scored.Where(s => s.Hits == best).Select(s => s.Choice)];
    }

    private static IEnumerable<string> DistinctiveWords(string name) =>
        Interruptions.Normalize(name).Split(' ').Where(w => w.Length >= 3 && !VendorWords.Contains(w));

    private static SoftwareRequestFormStep Chosen(SoftwareRequestFormState state, SoftwareChoice software, string? justification, string language)
    {
        state = state with { Software = software, Justification = justification, FailedAttempts = 0 };
        return justification is null
            ? Ask(state with { Stage = SoftwareRequestStage.AskJustification }, language)
            : AskToConfirm(state with { Stage = SoftwareRequestStage.Confirm }, language);
    }

    private static SoftwareRequestFormStep Ask(SoftwareRequestFormState state, string language) =>
        new(SoftwareRequestFormAction.Ask, state, new Reply(Question(state, language), Buttons(state, language)));

    private static SoftwareRequestFormStep AskToConfirm(SoftwareRequestFormState state, string language) =>
        new(SoftwareRequestFormAction.Confirm, state, new Reply(Question(state, language), Buttons(state, language)));

    private static SoftwareRequestFormStep Fail(SoftwareRequestFormState state, string? reason, string language)
    {
        var failedAttempts = state.FailedAttempts + 1;
        if (failedAttempts >= MaxFailedAttempts)
        {
            var giveUp = ItPhrases.SoftwareGiveUp.In(language);
            return new SoftwareRequestFormStep(
                SoftwareRequestFormAction.GiveUp, null, new Reply(reason is null ? giveUp : $"{reason} {giveUp}", IntentActions.HelpOrAgent(language)));
        }

        state = state with { FailedAttempts = failedAttempts };
        var question = state.Stage == SoftwareRequestStage.Confirm ? ItPhrases.ConfirmSoftwareReprompt.In(language) : Question(state, language);
        return new SoftwareRequestFormStep(
            SoftwareRequestFormAction.Reprompt, state, new Reply(reason is null ? question : $"{reason} {question}", Buttons(state, language)));
    }

    private static string UnknownChoice(SoftwareRequestFormState state, string language) =>
        ItPhrases.UnknownSoftware.Format(language, ("choices", string.Join(", ", state.Choices.Take(MaxButtons).Select(c => c.Name))));

    internal static string Details(SoftwareChoice software, string language) =>
        software.NeedsApproval ? ItPhrases.NeedsApprovalDetail.In(language)
        : software.NeedsLicence ? ItPhrases.LicenceDetail.In(language)
        : string.Empty;

    private static bool IsSkip(string input) =>
        Interruptions.Normalize(input) is "skip" or "lewati" or "lewat" or "no" or "none" or "nothing" or "tidak" or "tidak ada" or "gak ada" or "nggak ada" or "-" or "n/a";

    private static string Clip(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length <= MaxJustificationLength ? trimmed : trimmed[..MaxJustificationLength];
    }
}
