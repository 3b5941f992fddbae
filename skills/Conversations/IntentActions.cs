using HelpdeskBot.Classifier.Intents;

namespace HelpdeskBot.Skills.Conversations;

/// <summary>
/// The buttons the bot offers for its intents. A button sends its title as the message, and the engine routes an exact
/// title (in either language) straight to its intent, so pressing a button never depends on the classifier.
/// </summary>
internal static class IntentActions
{
    private sealed record IntentAction(string Intent, Phrase Title, Phrase? Capability, Phrase? Topic = null);

    // Capability marks what this chat can do today; the rest are recognised and named, their skills come later.
    private static readonly IntentAction[] All =
    [
        new(IntentNames.OrderStatus, DialogPhrases.TrackAnOrder, DialogPhrases.TrackAnOrderCapability),
        new(IntentNames.OrderCancel, IntentPhrases.CancelOrderTitle, null, IntentPhrases.CancelOrderTopic),
        new(IntentNames.OrderReturn, IntentPhrases.ReturnOrderTitle, null, IntentPhrases.ReturnOrderTopic),
        new(IntentNames.ItPasswordReset, IntentPhrases.PasswordResetTitle, null, IntentPhrases.PasswordResetTopic),
        new(IntentNames.ItTicketCreate, IntentPhrases.TicketCreateTitle, null, IntentPhrases.TicketCreateTopic),
        new(IntentNames.ItTicketStatus, IntentPhrases.TicketStatusTitle, null, IntentPhrases.TicketStatusTopic),
        new(IntentNames.ItSoftwareRequest, IntentPhrases.SoftwareRequestTitle, null, IntentPhrases.SoftwareRequestTopic),
        new(IntentNames.HrLeaveBalance, IntentPhrases.LeaveBalanceTitle, null, IntentPhrases.LeaveBalanceTopic),
        new(IntentNames.HrLeaveRequest, IntentPhrases.LeaveRequestTitle, null, IntentPhrases.LeaveRequestTopic),
        new(IntentNames.HrPayslip, IntentPhrases.PayslipTitle, null, IntentPhrases.PayslipTopic),
        new(IntentNames.InvoiceStatus, IntentPhrases.InvoiceStatusTitle, null, IntentPhrases.InvoiceStatusTopic),
        new(IntentNames.InvoiceCopy, IntentPhrases.InvoiceCopyTitle, null, IntentPhrases.InvoiceCopyTopic),
        new(IntentNames.KbPolicy, IntentPhrases.PolicyTitle, null, IntentPhrases.PolicyTopic),
        new(IntentNames.AgentHandoff, IntentPhrases.HandoffTitle, null, IntentPhrases.HandoffTopic),
        new(IntentNames.BotHelp, DialogPhrases.Help, null),
        new(IntentNames.SmalltalkGreeting, DialogPhrases.SayHello, null),
        new(IntentNames.SmalltalkThanks, IntentPhrases.ThanksTitle, null),
        new(IntentNames.SmalltalkGoodbye, IntentPhrases.GoodbyeTitle, null),
    ];

    /// <summary>How a request for <paramref name="intent"/> is named to the user ("cancel an order"), or null.</summary>
    public static string? TopicOf(string intent, string language) =>
        Array.Find(All, a => a.Intent == intent)?.Topic?.In(language);

    /// <summary>The button for <paramref name="intent"/>, or null when it has none.</summary>
    public static SuggestedAction? For(string intent, string language)
    {
        var action = Array.Find(All, a => a.Intent == intent);
        return action is null ? null : ButtonOf(action.Title, language);
    }

    /// <summary>The intent whose button title is exactly <paramref name="text"/>, in any language.</summary>
    public static string? IntentOfButton(string text)
    {
        var normalized = Interruptions.Normalize(text);
        var action = Array.Find(
            All,
            a => normalized == Interruptions.Normalize(a.Title.En) || normalized == Interruptions.Normalize(a.Title.Id));
        return action?.Intent;
    }

    /// <summary>What the bot can do, one bullet a line.</summary>
    public static string CapabilityList(string language) =>
        string.Join('\n', All.Where(a => a.Capability is not null).Select(a => a.Capability!.In(language)));

    /// <summary>The buttons for everything the bot can do, then (unless the reply already is help) help.</summary>
    public static IReadOnlyList<SuggestedAction> Menu(string language, bool withHelp = true) =>
    [
        .. All.Where(a => a.Capability is not null).Select(a => ButtonOf(a.Title, language)),
        .. withHelp ? [ButtonOf(DialogPhrases.Help, language)] : Array.Empty<SuggestedAction>(),
    ];

    private static SuggestedAction ButtonOf(Phrase title, string language)
    {
        var text = title.In(language);
        return new SuggestedAction(text, text);
    }
}
