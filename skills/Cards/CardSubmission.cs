using System.Text;
using System.Text.Json;

namespace HelpdeskBot.Skills.Cards;

/// <summary>The keys of the bot's own data on a card's buttons; the inputs use other ids.</summary>
public static class CardData
{
    /// <summary>What the button does (<see cref="CardVerbs"/>); a submission without it is not from one of our cards.</summary>
    public const string Action = "hdAction";

    /// <summary>Which card this was (the form's <c>CardRef</c>), so a stale card changes nothing.</summary>
    public const string Ref = "hdRef";

    /// <summary>The form a form card fills (its state discriminator, e.g. <c>hr.leave_request</c>).</summary>
    public const string Form = "hdForm";

    /// <summary>The intent a welcome-card button starts.</summary>
    public const string Intent = "hdIntent";

    /// <summary>The bot's record of the message a feedback button belongs to (filled in by the host when it sends).</summary>
    public const string Message = "hdMsg";

    public static bool IsOwn(string key) => key.StartsWith("hd", StringComparison.Ordinal);
}

/// <summary>What a card's buttons can ask for. Also the <c>verb</c> of the Action.Execute a Teams card sends.</summary>
public static class CardVerbs
{
    public const string FormSubmit = "form.submit";
    public const string ConfirmYes = "confirm.yes";
    public const string ConfirmNo = "confirm.no";
    public const string Start = "start";
    public const string Helpful = "feedback.helpful";
    public const string NotHelpful = "feedback.not_helpful";

    public static bool IsFeedback(string action) => action is Helpful or NotHelpful;
}

/// <summary>
/// A pressed card button, channel-agnostic: the bot's data (<see cref="CardData"/>) and the user's inputs as strings. Never
/// a source of identity: who pressed it is the turn's user, whatever the data says.
/// </summary>
public sealed record CardSubmission(string Action, IReadOnlyDictionary<string, string> Data, IReadOnlyDictionary<string, string> Inputs)
{
    /// <summary>More inputs than any of our cards has is not one of our cards.</summary>
    public const int MaxInputs = 32;

    /// <summary>Longer input values are cut (the forms clip further); a card value must not carry a file.</summary>
    public const int MaxValueLength = 4000;

    public string? Ref => Data.GetValueOrDefault(CardData.Ref);

    public string? Form => Data.GetValueOrDefault(CardData.Form);

    /// <summary>The trimmed input, or null when it is missing or blank.</summary>
    public string? Input(string id) =>
        Inputs.TryGetValue(id, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    /// <summary>
    /// Reads a message's <c>value</c> (Action.Submit) or an invoke's <c>action.data</c> (Action.Execute, with its verb).
    /// Null when the value is not an object carrying <see cref="CardData.Action"/>.
    /// </summary>
    public static CardSubmission? From(JsonElement? value, string? verb = null)
    {
        if (value is not { ValueKind: JsonValueKind.Object } element)
        {
            return null;
        }

        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var text = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.Value.GetRawText(),
                _ => null, // Teams adds objects such as "msteams"; they are not inputs.
            };
            if (text is null)
            {
                continue;
            }

            if (text.Length > MaxValueLength)
            {
                text = text[..MaxValueLength];
            }

            if (CardData.IsOwn(property.Name))
            {
                data[property.Name] = text;
            }
            else if (inputs.Count < MaxInputs)
            {
                inputs[property.Name] = text;
            }
            else
            {
                return null;
            }
        }

        if (!string.IsNullOrWhiteSpace(verb))
        {
            data[CardData.Action] = verb;
        }

        return data.TryGetValue(CardData.Action, out var action) && !string.IsNullOrWhiteSpace(action)
            ? new CardSubmission(action, data, inputs)
            : null;
    }

    /// <summary>What the transcript keeps of a submission (masked by the host like any text): the action and the inputs.</summary>
    public string Summary()
    {
        var text = new StringBuilder("[card] ").Append(Action);
        if (Form is { } form)
        {
            text.Append(' ').Append(form);
        }

        foreach (var (id, value) in Inputs.OrderBy(i => i.Key, StringComparer.Ordinal))
        {
            text.Append("; ").Append(id).Append(": ").Append(value.ReplaceLineEndings(" "));
        }

        return text.ToString();
    }
}
