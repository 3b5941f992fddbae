using HelpdeskBot.Connectors.ItSupport;
using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Skills.ItSupport;

public enum TicketCreateStage
{
    AskCategory,
    AskDescription,
    AskUrgency,

    /// <summary>All slots filled; the skill looks at the open tickets in the same turn.</summary>
    CheckOpenTickets,

    /// <summary>A similar open ticket exists: comment on it, or create a new one?</summary>
    OfferComment,
    Confirm,
}

/// <summary>The create-ticket form: category, description, urgency, a look for a similar open ticket, confirmation.</summary>
public sealed record TicketCreateFormState : FormState
{
    public const string Discriminator = "it.ticket_create";

    public TicketCreateStage Stage { get; init; }

    public override bool AwaitsFreeText => Stage == TicketCreateStage.AskDescription;

    public TicketCategory? Category { get; init; }

    public string? Description { get; init; }

    public TicketUrgency? Urgency { get; init; }

    /// <summary>The user's open ticket that looks like this problem (<see cref="TicketCreateStage.OfferComment"/>).</summary>
    public string? SimilarTicketId { get; init; }

    public int FailedAttempts { get; init; }

    public override bool IsExpiredAt(DateTimeOffset now) => now - LastActivityAt >= TicketCreateForm.Timeout;
}

public enum TicketCreateFormAction
{
    Ask,
    Reprompt,

    /// <summary>Fetch the user's open tickets and call <see cref="TicketCreateForm.WithOpenTickets"/>.</summary>
    CheckOpenTickets,

    /// <summary>Ask the user to confirm (or to choose between commenting and a new ticket).</summary>
    Confirm,

    /// <summary>Add the description as a comment to <see cref="TicketCreateFormStep.TicketId"/>; see <see cref="TicketCreateForm.CommentFailed"/>.</summary>
    AddComment,

    /// <summary>Create <see cref="TicketCreateFormStep.Ticket"/>; the form is done.</summary>
    Create,
    Declined,
    GiveUp,
    Cancelled,
    Expired,
}

public sealed record TicketCreateFormStep(
    TicketCreateFormAction Action,
    TicketCreateFormState? State,
    Reply? Reply = null,
    NewTicket? Ticket = null,
    string? TicketId = null);

/// <summary>
/// Gathers what the IT desk needs for a ticket, one question at a time. The opening message fills what it clearly says
/// (a category keyword, a description when it describes the problem). Pure: the skill passes the open tickets in.
/// </summary>
public static class TicketCreateForm
{
    public const int MaxFailedAttempts = 3;

    /// <summary>Descriptions longer than this are cut; a ticket is not the place for a log dump.</summary>
    public const int MaxDescriptionLength = 1000;

    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(30);

    public static TicketCreateFormStep Begin(string utterance, string language, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(utterance);
        var state = new TicketCreateFormState
        {
            LastActivityAt = now,
            Category = ItVocabulary.ParseCategory(utterance),
            Description = TicketSimilarity.IsDescriptive(utterance) ? Clip(utterance) : null,
        };
        return Advance(state, language);
    }

    /// <summary>Starts with every slot known (a kernel function's arguments): straight to the open-ticket check.</summary>
    public static TicketCreateFormStep BeginWith(TicketCategory category, string description, TicketUrgency urgency, string language, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(description);
        return Advance(
            new TicketCreateFormState { LastActivityAt = now, Category = category, Description = Clip(description), Urgency = urgency },
            language);
    }

    public static TicketCreateFormStep NextTurn(TicketCreateFormState state, string input, string language, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(input);

        if (state.IsExpiredAt(now))
        {
            return new TicketCreateFormStep(TicketCreateFormAction.Expired, null);
        }

        if (Interruptions.IsCancel(input))
        {
            return new TicketCreateFormStep(TicketCreateFormAction.Cancelled, null, new Reply(DialogPhrases.Cancelled.In(language)));
        }

        state = state with { LastActivityAt = now };
        switch (state.Stage)
        {
            case TicketCreateStage.AskCategory:
                return ItVocabulary.ParseCategory(input) is { } category
                    ? Advance(state with { Category = category, FailedAttempts = 0 }, language)
                    : Fail(state, ItPhrases.UnknownCategory.In(language), language);

            case TicketCreateStage.AskDescription:
                return string.IsNullOrWhiteSpace(input) || !input.Any(char.IsLetterOrDigit)
                    ? Fail(state, ItPhrases.EmptyDescription.In(language), language)
                    : Advance(state with { Description = Clip(input), FailedAttempts = 0 }, language);

            case TicketCreateStage.AskUrgency:
                return ItVocabulary.ParseUrgency(input) is { } urgency
                    ? Advance(state with { Urgency = urgency, FailedAttempts = 0 }, language)
                    : Fail(state, ItPhrases.UnknownUrgency.In(language), language);

            case TicketCreateStage.OfferComment:
                return ParseCommentChoice(input, state.SimilarTicketId!) switch
                {
                    true => new TicketCreateFormStep(TicketCreateFormAction.AddComment, state, TicketId: state.SimilarTicketId),
                    false => AskToConfirm(state with { Stage = TicketCreateStage.Confirm, FailedAttempts = 0 }, language, null),
                    null => Fail(state, ItPhrases.UnknownSimilarChoice.Format(language, ("ticket", state.SimilarTicketId!)), language),
                };

            case TicketCreateStage.Confirm:
                return Confirmation.Parse(input) switch
                {
                    ConfirmationAnswer.Yes => new TicketCreateFormStep(
                        TicketCreateFormAction.Create,
                        null,
                        Ticket: new NewTicket(state.Category!.Value, state.Description!, state.Urgency!.Value)),
                    ConfirmationAnswer.No => new TicketCreateFormStep(TicketCreateFormAction.Declined, null, new Reply(ItPhrases.TicketDeclined.In(language))),
                    _ => Fail(state, null, language),
                };

            default:
                return Advance(state, language);
        }
    }

    /// <summary>
    /// A submitted card: every slot it carries at once (a blank one keeps what the form had), then the same next step as
    /// typed answers — a missing slot is asked for, a complete ticket goes to the open-ticket check and confirmation.
    /// </summary>
    public static TicketCreateFormStep FromCard(
        TicketCreateFormState state, TicketCategory? category, string? description, TicketUrgency? urgency, string language, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.IsExpiredAt(now))
        {
            return new TicketCreateFormStep(TicketCreateFormAction.Expired, null);
        }

        var written = description is not null && description.Any(char.IsLetterOrDigit) ? Clip(description) : null;
        return Advance(
            state with
            {
                LastActivityAt = now,
                Category = category ?? state.Category,
                Description = written ?? state.Description,
                Urgency = urgency ?? state.Urgency,
                FailedAttempts = 0,
            },
            language);
    }

    /// <summary>The user's open tickets: offer to comment on a similar one, or ask to confirm the new ticket.</summary>
    public static TicketCreateFormStep WithOpenTickets(TicketCreateFormState state, IEnumerable<TicketInfo> openTickets, string language, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(openTickets);
        if (state is not { Stage: TicketCreateStage.CheckOpenTickets, Category: { } category, Description: { } description })
        {
            throw new InvalidOperationException("The ticket form is not waiting for the open tickets.");
        }

        state = state with { LastActivityAt = now, FailedAttempts = 0 };
        var similar = openTickets.FirstOrDefault(ticket => TicketSimilarity.IsSimilar(category, description, ticket));
        if (similar is null)
        {
            return AskToConfirm(state with { Stage = TicketCreateStage.Confirm }, language, null);
        }

        var offering = state with { Stage = TicketCreateStage.OfferComment, SimilarTicketId = similar.TicketId };
        var text = ItPhrases.SimilarTicket.Format(
            language,
            ("ticket", similar.TicketId),
            ("title", similar.Title),
            ("status", ItVocabulary.StatusPhrase(similar.Status).In(language)));
        return new TicketCreateFormStep(TicketCreateFormAction.Confirm, offering, new Reply(text, Buttons(offering, language)));
    }

    /// <summary>The similar ticket took no comment (closed meanwhile, or not the user's): offer a new ticket instead.</summary>
    public static TicketCreateFormStep CommentFailed(TicketCreateFormState state, string language, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        var reason = ItPhrases.CommentFailed.Format(language, ("ticket", state.SimilarTicketId ?? "-"));
        var confirming = state with { Stage = TicketCreateStage.Confirm, SimilarTicketId = null, LastActivityAt = now, FailedAttempts = 0 };
        return new TicketCreateFormStep(TicketCreateFormAction.Confirm, confirming, new Reply(reason, Confirmation.Buttons(language)));
    }

    public static string Question(TicketCreateFormState state, string language)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Stage switch
        {
            TicketCreateStage.AskCategory => ItPhrases.AskCategory.In(language),
            TicketCreateStage.AskUrgency => ItPhrases.AskUrgency.In(language),
            TicketCreateStage.OfferComment => ItPhrases.CommentOrNew.Format(language, ("ticket", state.SimilarTicketId ?? "-")),
            TicketCreateStage.Confirm => ConfirmText(state, language),
            _ => ItPhrases.AskDescription.In(language),
        };
    }

    public static IReadOnlyList<SuggestedAction> Buttons(TicketCreateFormState state, string language)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Stage switch
        {
            TicketCreateStage.AskCategory => ItVocabulary.CategoryButtons(language),
            TicketCreateStage.AskUrgency => ItVocabulary.UrgencyButtons(language),
            TicketCreateStage.OfferComment =>
            [
                ItVocabulary.Button(ItPhrases.AddToTicketTitle.Format(language, ("ticket", state.SimilarTicketId ?? "-"))),
                ItVocabulary.Button(ItPhrases.NewTicketTitle.In(language)),
            ],
            TicketCreateStage.Confirm => Confirmation.Buttons(language),
            _ => [],
        };
    }

    public static bool Accepts(TicketCreateFormState state, string input)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(input);
        return state.Stage switch
        {
            TicketCreateStage.AskCategory => ItVocabulary.ParseCategory(input) is not null,
            TicketCreateStage.AskDescription => input.Any(char.IsLetterOrDigit) && !Interruptions.IsGreeting(input),
            TicketCreateStage.AskUrgency => ItVocabulary.ParseUrgency(input) is not null,
            TicketCreateStage.OfferComment => ParseCommentChoice(input, state.SimilarTicketId ?? string.Empty) is not null,
            TicketCreateStage.Confirm => Confirmation.Parse(input) != ConfirmationAnswer.Unclear,
            _ => false,
        };
    }

    /// <summary>True: add to the similar ticket; false: create a new one; null: neither.</summary>
    internal static bool? ParseCommentChoice(string input, string similarTicketId)
    {
        var words = ItVocabulary.Padded(input);
        if (ItVocabulary.ContainsAny(words, "new", "baru", "create", "buat", "bikin", "separate", "terpisah", "another", "lain"))
        {
            return false;
        }

        var namesTicket = words.Contains(similarTicketId.ToLowerInvariant(), StringComparison.Ordinal);
        return namesTicket || ItVocabulary.ContainsAny(words, "add", "add it", "tambah", "tambahkan", "comment", "komentar", "that one", "yang itu", "existing")
            ? true
            : null;
    }

    private static TicketCreateFormStep Advance(TicketCreateFormState state, string language)
    {
        if (state.Category is null)
        {
            return Ask(state with { Stage = TicketCreateStage.AskCategory }, language);
        }

        if (state.Description is null)
        {
            return Ask(state with { Stage = TicketCreateStage.AskDescription }, language);
        }

        return state.Urgency is null
            ? Ask(state with { Stage = TicketCreateStage.AskUrgency }, language)
            : new TicketCreateFormStep(TicketCreateFormAction.CheckOpenTickets, state with { Stage = TicketCreateStage.CheckOpenTickets, FailedAttempts = 0 });
    }

    private static TicketCreateFormStep Ask(TicketCreateFormState state, string language) =>
        new(TicketCreateFormAction.Ask, state, new Reply(Question(state, language), Buttons(state, language)));

    private static TicketCreateFormStep AskToConfirm(TicketCreateFormState state, string language, string? reason)
    {
        var question = ConfirmText(state, language);
        return new TicketCreateFormStep(
            TicketCreateFormAction.Confirm,
            state,
            new Reply(reason is null ? question : $"{reason} {question}", Confirmation.Buttons(language)));
    }

    private static TicketCreateFormStep Fail(TicketCreateFormState state, string? reason, string language)
    {
        var failedAttempts = state.FailedAttempts + 1;
        if (failedAttempts >= MaxFailedAttempts)
        {
            var giveUp = ItPhrases.TicketGiveUp.In(language);
            return new TicketCreateFormStep(
                TicketCreateFormAction.GiveUp,
                null,
                new Reply(reason is null ? giveUp : $"{reason} {giveUp}", IntentActions.HelpOrAgent(language)));
        }

        state = state with { FailedAttempts = failedAttempts };
        var question = state.Stage switch
        {
            TicketCreateStage.Confirm => ItPhrases.ConfirmTicketReprompt.In(language),
            TicketCreateStage.OfferComment => string.Empty,
            _ => Question(state, language),
        };
        var text = reason is null ? question : $"{reason} {question}".TrimEnd();
        return new TicketCreateFormStep(TicketCreateFormAction.Reprompt, state, new Reply(text, Buttons(state, language)));
    }

    private static string ConfirmText(TicketCreateFormState state, string language) =>
        ItPhrases.ConfirmTicket.Format(
            language,
            ("category", ItVocabulary.CategoryPhrase(state.Category!.Value).In(language)),
            ("urgency", ItVocabulary.UrgencyPhrase(state.Urgency!.Value).In(language).ToLowerInvariant()),
            ("description", state.Description!));

    private static string Clip(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length <= MaxDescriptionLength ? trimmed : trimmed[..MaxDescriptionLength];
    }
}
