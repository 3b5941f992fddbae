using HelpdeskBot.Connectors.ItSupport;
using HelpdeskBot.Skills.Cards;
using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Skills.ItSupport;

/// <summary>
/// The IT ticket as one card: category, a one-line summary, details, urgency. The IT system titles a ticket with its
/// description's first line, so the summary becomes that line and the details follow it.
/// </summary>
public static class TicketCreateCard
{
    public const string CategoryInput = "category";
    public const string SummaryInput = "summary";
    public const string DetailsInput = "details";
    public const string UrgencyInput = "urgency";

    /// <summary>What the IT system keeps of a title.</summary>
    public const int MaxSummaryLength = 80;

    internal static readonly Phrase Title = new("it.card.title", "IT ticket", "Tiket IT");
    internal static readonly Phrase CategoryLabel = new("it.card.category", "Category", "Kategori");
    internal static readonly Phrase CategoryError = new("it.card.category_error", "Choose a category.", "Pilih kategori.");
    internal static readonly Phrase SummaryLabel = new("it.card.summary", "Summary", "Ringkasan");
    internal static readonly Phrase SummaryPlaceholder = new("it.card.summary_placeholder", "e.g. VPN drops every few minutes", "mis. VPN putus setiap beberapa menit");
    internal static readonly Phrase SummaryError = new("it.card.summary_error", "Describe the problem in a few words.", "Jelaskan masalahnya dalam beberapa kata.");
    internal static readonly Phrase DetailsLabel = new("it.card.details", "Details (optional)", "Rincian (opsional)");
    internal static readonly Phrase DetailsPlaceholder = new("it.card.details_placeholder", "What happens, since when, what you tried", "Apa yang terjadi, sejak kapan, apa yang sudah dicoba");
    internal static readonly Phrase UrgencyLabel = new("it.card.urgency", "Urgency", "Tingkat urgensi");
    internal static readonly Phrase UrgencyError = new("it.card.urgency_error", "Choose how urgent it is.", "Pilih seberapa mendesak.");
    internal static readonly Phrase Hint = new(
        "it.card.hint",
        "Fill in the form, or just keep typing.",
        "Isi formulir ini, atau lanjutkan saja dengan mengetik.");

    /// <summary>The card while the form still asks for a slot; null once it checks open tickets or confirms.</summary>
    public static AdaptiveCard? For(TicketCreateFormState state, string language, string cardRef)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Stage is not (TicketCreateStage.AskCategory or TicketCreateStage.AskDescription or TicketCreateStage.AskUrgency))
        {
            return null;
        }

        var (summary, details) = Split(state.Description);
        return new AdaptiveCard
        {
            Lang = HelpdeskCards.LangOf(language),
            FallbackText = Title.In(language),
            Body =
            [
                new TextBlock(Title.In(language)) { Weight = "bolder", Size = "medium" },
                new TextBlock(Hint.In(language)) { IsSubtle = true, Size = "small" },
                new InputChoiceSet([.. Enum.GetValues<TicketCategory>().Select(c => new Choice(ItVocabulary.CategoryPhrase(c).In(language), Value(c)))])
                {
                    Id = CategoryInput, Label = CategoryLabel.In(language), Style = "compact", IsRequired = true, ErrorMessage = CategoryError.In(language),
                    Value = state.Category is { } category ? Value(category) : null,
                },
                new InputText
                {
                    Id = SummaryInput, Label = SummaryLabel.In(language), Placeholder = SummaryPlaceholder.In(language), MaxLength = MaxSummaryLength,
                    IsRequired = true, ErrorMessage = SummaryError.In(language), Value = summary,
                },
                new InputText
                {
                    Id = DetailsInput, Label = DetailsLabel.In(language), Placeholder = DetailsPlaceholder.In(language), IsMultiline = true,
                    MaxLength = TicketCreateForm.MaxDescriptionLength, Value = details,
                },
                new InputChoiceSet([.. Enum.GetValues<TicketUrgency>().Select(u => new Choice(ItVocabulary.UrgencyPhrase(u).In(language), Value(u)))])
                {
                    Id = UrgencyInput, Label = UrgencyLabel.In(language), Style = "compact", IsRequired = true, ErrorMessage = UrgencyError.In(language),
                    Value = state.Urgency is { } urgency ? Value(urgency) : null,
                },
            ],
            Actions = [HelpdeskCards.SubmitForm(language, Classifier.Intents.IntentNames.ItTicketCreate, cardRef)],
        };
    }

    /// <summary>A category as the card sends it (our value), or as a word either language names it with.</summary>
    public static TicketCategory? ParseCategory(string? value) =>
        value is null ? null : ParseEnum<TicketCategory>(value) ?? ItVocabulary.ParseCategory(value);

    public static TicketUrgency? ParseUrgency(string? value) =>
        value is null ? null : ParseEnum<TicketUrgency>(value) ?? ItVocabulary.ParseUrgency(value);

    /// <summary>The ticket's description: the summary as its first line (the ticket's title), then the details.</summary>
    public static string? Description(string? summary, string? details)
    {
        summary = summary?.ReplaceLineEndings(" ").Trim();
        details = details?.Trim();
        return (string.IsNullOrEmpty(summary), string.IsNullOrEmpty(details)) switch
        {
            (false, false) => $"{summary}\n{details}",
            (false, true) => summary,
            (true, false) => details,
            _ => null,
        };
    }

    private static (string? Summary, string? Details) Split(string? description)
    {
        if (string.IsNullOrWhiteSpace(description))
        {
            return (null, null);
        }

        var lines = description.ReplaceLineEndings("\n").Split('\n', 2);
        var first = lines[0].Trim();
        // A long single-line description stays whole in the details; the user writes the summary.
        return first.Length <= MaxSummaryLength
            ? (first, lines.Length > 1 ? lines[1].Trim() : null)
            : (null, description.Trim());
    }

    private static TEnum? ParseEnum<TEnum>(string value)
        where TEnum : struct, Enum =>
        !value.Any(char.IsDigit) && Enum.TryParse<TEnum>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed : null;

    private static string Value<TEnum>(TEnum value)
        where TEnum : struct, Enum => value.ToString().ToLowerInvariant();
}
