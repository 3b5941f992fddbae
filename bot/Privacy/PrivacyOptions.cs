using HelpdeskBot.Classifier.Entities;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.Privacy;

/// <summary>
/// How much of each kind of personal data a support agent sees in the agent console ("Privacy:AgentView"): the filled
/// fields of the form the bot was running and the user's live messages. What is stored (transcripts, inbox, analytics),
/// logged or sent to a model is always fully masked; passwords have no setting and are always hidden.
/// </summary>
internal sealed class PrivacyOptions
{
    public const string SectionName = "Privacy";

    public AgentViewOptions AgentView { get; set; } = new();

    /// <summary>
    /// "Privacy:Retention", bound and validated on its own (<see cref="RetentionOptions"/>); named here so the unknown-key
    /// check of this section accepts it.
    /// </summary>
    public RetentionOptions Retention { get; set; } = new();
}

/// <summary>One setting per kind: Hidden, Last4, Partial or Full.</summary>
internal sealed class AgentViewOptions
{
    public DataExposure Email { get; set; } = DataExposure.Partial;

    public DataExposure Phone { get; set; } = DataExposure.Last4;

    public DataExposure Card { get; set; } = DataExposure.Last4;

    public DataExposure Nik { get; set; } = DataExposure.Hidden;

    public DataExposure Npwp { get; set; } = DataExposure.Hidden;

    public DataExposure Account { get; set; } = DataExposure.Hidden;

    public PersonalDataView ToView() => new() { Email = Email, Phone = Phone, Card = Card, Nik = Nik, Npwp = Npwp, Account = Account };
}

/// <summary>Rejects settings that cannot be shown (an e-mail has no last four digits) or must not be (a full card number).</summary>
internal sealed class PrivacyOptionsValidator : IValidateOptions<PrivacyOptions>
{
    public ValidateOptionsResult Validate(string? name, PrivacyOptions options)
    {
        var view = options.AgentView;
        var failures = new List<string>();
        foreach (var (kind, value) in new[]
        {
            ("Email", view.Email), ("Phone", view.Phone), ("Card", view.Card), ("Nik", view.Nik), ("Npwp", view.Npwp), ("Account", view.Account),
        })
        {
            if (!Enum.IsDefined(value))
            {
                failures.Add($"Privacy:AgentView:{kind} must be Hidden, Last4, Partial or Full.");
            }
        }

        if (view.Email == DataExposure.Last4)
        {
            failures.Add("Privacy:AgentView:Email cannot be Last4 (an e-mail address has no last four digits); use Hidden, Partial or Full.");
        }

        if (view.Card == DataExposure.Full)
        {
            failures.Add("Privacy:AgentView:Card cannot be Full: card numbers are shown at most as Partial (first and last four digits).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
