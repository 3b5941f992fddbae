using HelpdeskBot.Connectors;
using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Skills.Cards;

/// <summary>The cards every skill shares: yes/no confirmation, the welcome menu, answer feedback.</summary>
public static class HelpdeskCards
{
    /// <summary>
    /// Yes / No for a confirmation step. The question stays the message's text (read once); the card carries the
    /// buttons. <paramref name="cardRef"/> ties them to this step, so a later press of an old card changes nothing.
    /// </summary>
    public static AdaptiveCard Confirmation(string language, string cardRef)
    {
        ArgumentNullException.ThrowIfNull(cardRef);
        return new AdaptiveCard
        {
            Lang = LangOf(language),
            Body =
            [
                new ActionSet(
                [
                    new SubmitAction(DialogPhrases.Yes.In(language), Data(CardVerbs.ConfirmYes, (CardData.Ref, cardRef))) { Style = "positive", AssociatedInputs = "none" },
                    new SubmitAction(DialogPhrases.No.In(language), Data(CardVerbs.ConfirmNo, (CardData.Ref, cardRef))) { AssociatedInputs = "none" },
                ]),
            ],
            FallbackText = DialogPhrases.Yes.In(language) + " / " + DialogPhrases.No.In(language),
        };
    }

    /// <summary>The welcome's buttons: one per thing the bot does for this user, each starting that request.</summary>
    public static AdaptiveCard Welcome(string language, Requester requester)
    {
        ArgumentNullException.ThrowIfNull(requester);
        var buttons = IntentActions.Menu(language, requester, withHelp: true)
            .Select(button => (button.Title, Intent: IntentActions.IntentOfButton(button.Value)))
            .Where(button => button.Intent is not null)
            .Select(button => (AdaptiveAction)new SubmitAction(button.Title, Data(CardVerbs.Start, (CardData.Intent, button.Intent!))))
            .ToList();
        return new AdaptiveCard
        {
            Lang = LangOf(language),
            Body = [new TextBlock(CardPhrases.WhatNext.In(language)) { Weight = "bolder" }, new ActionSet(buttons)],
            FallbackText = CardPhrases.WhatNext.In(language),
        };
    }

    /// <summary>
    /// A knowledge answer: the passage (introduced when it is in the other language), its citation set apart under it,
    /// and 👍 / 👎. The host ties the buttons to the message it sends (and so to the cited article) by adding
    /// <see cref="CardData.Message"/>.
    /// </summary>
    public static AdaptiveCard Answer(string language, string passage, string citation, string? introduction = null)
    {
        ArgumentNullException.ThrowIfNull(passage);
        ArgumentNullException.ThrowIfNull(citation);
        var body = new List<CardElement>();
        if (introduction is not null)
        {
            body.Add(new TextBlock(introduction) { IsSubtle = true });
        }

        body.Add(new TextBlock(passage));
        body.Add(new TextBlock(citation) { Size = "small", IsSubtle = true, Separator = true, Spacing = "medium" });
        body.Add(new TextBlock(CardPhrases.WasItHelpful.In(language)) { Size = "small", IsSubtle = true });
        body.Add(new ActionSet(
        [
            new SubmitAction(CardPhrases.Helpful.In(language), Data(CardVerbs.Helpful)) { AssociatedInputs = "none" },
            new SubmitAction(CardPhrases.NotHelpful.In(language), Data(CardVerbs.NotHelpful)) { AssociatedInputs = "none" },
        ]));
        return new AdaptiveCard
        {
            Lang = LangOf(language),
            Body = body,
            FallbackText = introduction is null ? $"{passage}\n\n{citation}" : $"{introduction}\n\n{passage}\n\n{citation}",
        };
    }

    /// <summary>The Submit button of a form card.</summary>
    public static SubmitAction SubmitForm(string language, string form, string cardRef) =>
        new(CardPhrases.Submit.In(language), Data(CardVerbs.FormSubmit, (CardData.Form, form), (CardData.Ref, cardRef))) { Style = "positive" };

    /// <summary>Said when a card's button no longer applies; nothing changed.</summary>
    public static string Stale(string language) => CardPhrases.Stale.In(language);

    /// <summary>Said when a card's data is not something the bot can read.</summary>
    public static string Unreadable(string language) => CardPhrases.Unreadable.In(language);

    /// <summary>Said after 👍 (true) or 👎 (false) on an answer.</summary>
    public static string FeedbackThanks(string language, bool helpful) =>
        (helpful ? CardPhrases.FeedbackThanks : CardPhrases.FeedbackSorry).In(language);

    internal static string LangOf(string language) => language == Languages.Indonesian ? "id" : "en";

    private static Dictionary<string, string> Data(string action, params ReadOnlySpan<(string Key, string Value)> more)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal) { [CardData.Action] = action };
        foreach (var (key, value) in more)
        {
            data[key] = value;
        }

        return data;
    }
}
