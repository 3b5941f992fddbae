using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Connectors;

namespace HelpdeskBot.Skills.Conversations;

/// <summary>Who an intent's skill serves: the help menu and capability lists show each user only what they can use.</summary>
[Flags]
public enum Audience
{
    None = 0,
    Anonymous = 1,
    Customer = 2,
    Employee = 4,
    Supplier = 8,
}

/// <summary>
/// The buttons the bot offers for its intents. A button sends its title as the message, and the engine routes an exact
/// title (in either language) straight to its intent, so pressing a button never depends on the classifier.
/// </summary>
internal static class IntentActions
{
    private sealed record IntentAction(string Intent, Phrase Title, Phrase? Capability, Phrase? Topic = null, Audience Audience = Audience.None);

    private const Audience Visitors = Audience.Anonymous | Audience.Customer;

    // Capability + audience mark what this bot does for whom; the rest are recognised and named, their skills come later.
    private static readonly IntentAction[] All =
    [
        new(IntentNames.OrderStatus, DialogPhrases.TrackAnOrder, DialogPhrases.TrackAnOrderCapability, IntentPhrases.TrackOrderTopic, Visitors | Audience.Employee),
        new(IntentNames.OrderCancel, IntentPhrases.CancelOrderTitle, IntentPhrases.CancelOrderCapability, IntentPhrases.CancelOrderTopic, Visitors),
        new(IntentNames.OrderReturn, IntentPhrases.ReturnOrderTitle, IntentPhrases.ReturnOrderCapability, IntentPhrases.ReturnOrderTopic, Visitors),
        new(IntentNames.InvoiceStatus, IntentPhrases.InvoiceStatusTitle, IntentPhrases.InvoiceStatusCapability, IntentPhrases.InvoiceStatusTopic, Audience.Customer | Audience.Supplier),
        new(IntentNames.InvoiceCopy, IntentPhrases.InvoiceCopyTitle, IntentPhrases.InvoiceCopyCapability, IntentPhrases.InvoiceCopyTopic, Audience.Customer | Audience.Supplier),
        new(IntentNames.ItPasswordReset, IntentPhrases.PasswordResetTitle, IntentPhrases.PasswordResetCapability, IntentPhrases.PasswordResetTopic, Audience.Employee),
        new(IntentNames.ItTicketCreate, IntentPhrases.TicketCreateTitle, IntentPhrases.TicketCreateCapability, IntentPhrases.TicketCreateTopic, Audience.Employee),
        new(IntentNames.ItTicketStatus, IntentPhrases.TicketStatusTitle, IntentPhrases.TicketStatusCapability, IntentPhrases.TicketStatusTopic, Audience.Employee),
        new(IntentNames.ItSoftwareRequest, IntentPhrases.SoftwareRequestTitle, IntentPhrases.SoftwareRequestCapability, IntentPhrases.SoftwareRequestTopic, Audience.Employee),
        new(IntentNames.HrLeaveBalance, IntentPhrases.LeaveBalanceTitle, IntentPhrases.LeaveBalanceCapability, IntentPhrases.LeaveBalanceTopic, Audience.Employee),
        new(IntentNames.HrLeaveRequest, IntentPhrases.LeaveRequestTitle, IntentPhrases.LeaveRequestCapability, IntentPhrases.LeaveRequestTopic, Audience.Employee),
        new(IntentNames.HrPayslip, IntentPhrases.PayslipTitle, IntentPhrases.PayslipCapability, IntentPhrases.PayslipTopic, Audience.Employee),
        new(IntentNames.KbPolicy, IntentPhrases.PolicyTitle, null, IntentPhrases.PolicyTopic),
        new(IntentNames.AgentHandoff, IntentPhrases.HandoffTitle, null, IntentPhrases.HandoffTopic),
        new(IntentNames.BotHelp, DialogPhrases.Help, null),
        new(IntentNames.SmalltalkGreeting, DialogPhrases.SayHello, null),
        new(IntentNames.SmalltalkThanks, IntentPhrases.ThanksTitle, null),
        new(IntentNames.SmalltalkGoodbye, IntentPhrases.GoodbyeTitle, null),
    ];

    public static Audience AudienceOf(Requester requester) => requester.Kind switch
    {
        RequesterKind.Customer => Audience.Customer,
        RequesterKind.Employee => Audience.Employee,
        RequesterKind.Supplier => Audience.Supplier,
        _ => Audience.Anonymous,
    };

    /// <summary>Whether the bot does <paramref name="intent"/> for this kind of user.</summary>
    public static bool Serves(string intent, Requester requester) =>
        Array.Find(All, a => a.Intent == intent) is { } action && (action.Audience & AudienceOf(requester)) != 0;

    /// <summary>Whether only some kinds of user get <paramref name="intent"/> (orders, invoices, IT, HR); help and small talk are for everyone.</summary>
    public static bool IsRestricted(string intent) =>
        Array.Find(All, a => a.Intent == intent) is { Audience: not Audience.None };

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

    /// <summary>What the bot can do for this user, one bullet a line.</summary>
    public static string CapabilityList(string language, Requester requester) =>
        string.Join('\n', For(requester).Select(a => a.Capability!.In(language)));

    /// <summary>The buttons for everything the bot can do for this user, then (unless the reply already is help) help.</summary>
    public static IReadOnlyList<SuggestedAction> Menu(string language, Requester requester, bool withHelp = true) =>
    [
        .. For(requester).Select(a => ButtonOf(a.Title, language)),
        .. withHelp ? [ButtonOf(DialogPhrases.Help, language)] : Array.Empty<SuggestedAction>(),
    ];

    /// <summary>Offered when a form gives up after too many unusable answers: help, or a person.</summary>
    public static IReadOnlyList<SuggestedAction> HelpOrAgent(string language) =>
        [ButtonOf(DialogPhrases.Help, language), ButtonOf(IntentPhrases.HandoffTitle, language)];

    private static IEnumerable<IntentAction> For(Requester requester)
    {
        var audience = AudienceOf(requester);
        return All.Where(a => a.Capability is not null && (a.Audience & audience) != 0);
    }

    private static SuggestedAction ButtonOf(Phrase title, string language)
    {
        var text = title.In(language);
        return new SuggestedAction(text, text);
    }
}
