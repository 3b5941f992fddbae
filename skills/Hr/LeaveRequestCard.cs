using HelpdeskBot.Connectors.Hr;
using HelpdeskBot.Skills.Cards;
using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Skills.Hr;

/// <summary>The leave request as one card: type, first and last day. What the form already knows is filled in.</summary>
public static class LeaveRequestCard
{
    public const string TypeInput = "leaveType";
    public const string StartInput = "start";
    public const string EndInput = "end";

    internal static readonly Phrase Title = new("hr.card.title", "Leave request", "Pengajuan cuti");
    internal static readonly Phrase TypeLabel = new("hr.card.type", "Type of leave", "Jenis cuti");
    internal static readonly Phrase TypeError = new("hr.card.type_error", "Choose a type of leave.", "Pilih jenis cuti.");
    internal static readonly Phrase StartLabel = new("hr.card.start", "First day", "Hari pertama");
    internal static readonly Phrase StartError = new("hr.card.start_error", "Pick the first day of your leave.", "Pilih hari pertama cuti Anda.");
    internal static readonly Phrase EndLabel = new("hr.card.end", "Last day", "Hari terakhir");
    internal static readonly Phrase EndError = new("hr.card.end_error", "Pick the last day of your leave.", "Pilih hari terakhir cuti Anda.");
    internal static readonly Phrase Hint = new(
        "hr.card.hint",
        "Fill in the form, or just keep typing.",
        "Isi formulir ini, atau lanjutkan saja dengan mengetik.");

    /// <summary>The card for a form still asking for its type or dates; null once it is checking or confirming.</summary>
    public static AdaptiveCard? For(LeaveRequestFormState state, string language, string cardRef)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Stage is not (LeaveRequestStage.AskType or LeaveRequestStage.AskDates or LeaveRequestStage.AskEnd))
        {
            return null;
        }

        return new AdaptiveCard
        {
            Lang = HelpdeskCards.LangOf(language),
            FallbackText = Title.In(language),
            Body =
            [
                new TextBlock(Title.In(language)) { Weight = "bolder", Size = "medium" },
                new TextBlock(Hint.In(language)) { IsSubtle = true, Size = "small" },
                new InputChoiceSet([.. Enum.GetValues<LeaveType>().Select(t => new Choice(HrFormat.TypeName(t, language), Value(t)))])
                {
                    Id = TypeInput, Label = TypeLabel.In(language), Style = "expanded", IsRequired = true, ErrorMessage = TypeError.In(language),
                    Value = state.Type is { } type ? Value(type) : null,
                },
                new InputDate
                {
                    Id = StartInput, Label = StartLabel.In(language), IsRequired = true, ErrorMessage = StartError.In(language),
                    Value = state.Start is { } start ? InputDate.Format(start) : null,
                },
                new InputDate
                {
                    Id = EndInput, Label = EndLabel.In(language), IsRequired = true, ErrorMessage = EndError.In(language),
                    Value = state.End is { } end ? InputDate.Format(end) : null,
                },
            ],
            Actions = [HelpdeskCards.SubmitForm(language, Intent, cardRef)],
        };
    }

    /// <summary>The leave type a card sends: our value ("annual"), or a title in either language.</summary>
    public static LeaveType? ParseType(string? value) =>
        value is null ? null
        : Enum.TryParse<LeaveType>(value, ignoreCase: true, out var type) && Enum.IsDefined(type) && !value.Any(char.IsDigit) ? type
        : LeaveRequestForm.ParseType(value);

    public static DateOnly? ParseDate(string? value) =>
        value is not null && DateOnly.TryParseExact(value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date)
            ? date
            : null;

    private const string Intent = Classifier.Intents.IntentNames.HrLeaveRequest;

    private static string Value(LeaveType type) => type.ToString().ToLowerInvariant();
}
