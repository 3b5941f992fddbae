using System.Globalization;
using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Connectors;
using HelpdeskBot.Connectors.Orders;
using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Skills.Orders;

/// <summary>Puts what the order system says about cancelling or returning an order into words, for the skills and the kernel plugin alike.</summary>
internal static class OrderReplies
{
    private static readonly string RefundDays = OrderActionPhrases.RefundWorkingDays.ToString(CultureInfo.InvariantCulture);

    public static string Items(int count, string language) =>
        count == 1
            ? OrderPhrases.OneItem.In(language)
            : OrderPhrases.ManyItems.Format(language, ("count", count.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The same words for an order that does not exist and one the requester may not see.</summary>
    public static string NotFound(string orderNumber, string language) => OrderPhrases.NotFound.Format(language, ("order", orderNumber));

    public static string CancelConfirmation(OrderStatusInfo order, string language) =>
        OrderActionPhrases.CancelConfirm.Format(
            language,
            ("order", order.OrderNumber),
            ("items", Items(order.ItemCount, language)),
            ("total", LocalFormat.Rupiah(order.TotalIdr)));

    public static string Cancelled(string orderNumber, OrderStatusInfo? order, string language) =>
        order is null
            ? OrderActionPhrases.CancelledWithoutAmount.Format(language, ("order", orderNumber), ("days", RefundDays))
            : OrderActionPhrases.Cancelled.Format(language, ("order", orderNumber), ("total", LocalFormat.Rupiah(order.TotalIdr)), ("days", RefundDays));

    /// <summary>Why the order can't be cancelled, with the way forward as a button where there is one.</summary>
    public static Reply CancelRefusal(OrderActionCheck check, string orderNumber, string language)
    {
        var order = ("order", orderNumber);
        return check.Eligibility switch
        {
            OrderActionEligibility.NotFound => new Reply(NotFound(orderNumber, language), Buttons(IntentNames.OrderCancel, language)),
            OrderActionEligibility.AlreadyShipped => new Reply(
                OrderActionPhrases.CancelAlreadyShipped.Format(language, order), Buttons(IntentNames.OrderStatus, language, IntentNames.OrderReturn)),
            OrderActionEligibility.AlreadyDelivered => new Reply(
                OrderActionPhrases.CancelAlreadyDelivered.Format(language, order), Buttons(IntentNames.OrderReturn, language)),
            OrderActionEligibility.AlreadyCancelled => new Reply(OrderActionPhrases.AlreadyCancelled.Format(language, order)),
            _ => new Reply(OrderActionPhrases.CancelNotPossible.Format(language, order), IntentActions.HelpOrAgent(language)),
        };
    }

    /// <summary>"Order … can be returned until …", or null when the order system gave no date.</summary>
    public static string? ReturnWindow(OrderActionCheck check, string orderNumber, string language) =>
        check.ReturnWindowEndsOn is { } endsOn
            ? OrderActionPhrases.ReturnWindowOpen.Format(language, ("order", orderNumber), ("date", LocalFormat.Date(endsOn, language)))
            : null;

    public static string ReturnConfirmation(string orderNumber, ReturnReason reason, decimal refundIdr, string language) =>
        OrderActionPhrases.ReturnConfirm.Format(
            language,
            ("order", orderNumber),
            ("reason", OrderReturnForm.TitleOf(reason).In(language)),
            ("total", LocalFormat.Rupiah(refundIdr)));

    public static string ReturnRequested(string orderNumber, string returnNumber, decimal refundIdr, string language) =>
        OrderActionPhrases.ReturnRequested.Format(
            language,
            ("return", returnNumber),
            ("order", orderNumber),
            ("total", LocalFormat.Rupiah(refundIdr)),
            ("days", RefundDays));

    /// <summary>Why the order can't be returned, with the way forward as a button where there is one.</summary>
    public static Reply ReturnRefusal(OrderActionCheck check, string orderNumber, string language)
    {
        var order = ("order", orderNumber);
        return check.Eligibility switch
        {
            OrderActionEligibility.NotFound => new Reply(NotFound(orderNumber, language), Buttons(IntentNames.OrderReturn, language)),
            OrderActionEligibility.NotDeliveredYet or OrderActionEligibility.AlreadyShipped when check.Order?.Status == OrderState.Processing => new Reply(
                OrderActionPhrases.ReturnNotDeliveredCancel.Format(language, order), Buttons(IntentNames.OrderCancel, language)),
            OrderActionEligibility.NotDeliveredYet or OrderActionEligibility.AlreadyShipped => new Reply(
                OrderActionPhrases.ReturnNotDelivered.Format(language, order), Buttons(IntentNames.OrderStatus, language)),
            OrderActionEligibility.ReturnWindowClosed when check.ReturnWindowEndsOn is { } closedOn => new Reply(
                OrderActionPhrases.ReturnWindowClosed.Format(language, order, ("date", LocalFormat.Date(closedOn, language))),
                IntentActions.HelpOrAgent(language)),
            OrderActionEligibility.AlreadyReturned when check.ExistingReturnNumber is { } returnNumber => new Reply(
                OrderActionPhrases.AlreadyReturned.Format(language, order, ("return", returnNumber))),
            OrderActionEligibility.AlreadyCancelled => new Reply(OrderActionPhrases.ReturnCancelledOrder.Format(language, order)),
            _ => new Reply(OrderActionPhrases.ReturnNotPossible.Format(language, order), IntentActions.HelpOrAgent(language)),
        };
    }

    private static IReadOnlyList<SuggestedAction> Buttons(string intent, string language, string? secondIntent = null) =>
        [.. new[] { intent, secondIntent }.OfType<string>().Select(i => IntentActions.For(i, language)).OfType<SuggestedAction>()];
}

/// <summary>Who is asking about orders in this conversation, from the channel's requester and the server-side state.</summary>
internal static class OrderTurn
{
    public static IReadOnlyList<string> VerifiedOrders(ConversationState state) => state.VerifiedOrderNumbers ?? [];

    public static OrderAccess Access(Requester requester, ConversationState state) =>
        requester.Kind == RequesterKind.Anonymous ? new OrderAccess(true, VerifiedOrders(state)) : OrderAccess.SignedIn;

    /// <summary>
    /// The requester to pass to the order system: an anonymous visitor carries the orders they verified in this
    /// conversation (from the server-side state, never from the client); everyone else is passed on unchanged.
    /// </summary>
    public static Requester RequesterFor(Requester requester, ConversationState state) =>
        requester.Kind == RequesterKind.Anonymous ? requester with { VerifiedOrderNumbers = VerifiedOrders(state) } : requester;

    /// <summary>Verified orders a conversation remembers; the oldest is forgotten first (it can be verified again).</summary>
    public const int MaxVerifiedOrders = 20;

    public static ConversationState WithVerifiedOrder(ConversationState state, string orderNumber)
    {
        var verified = VerifiedOrders(state);
        return verified.Contains(orderNumber, StringComparer.Ordinal)
            ? state
            : state with { VerifiedOrderNumbers = [.. verified.Skip(Math.Max(0, verified.Count - MaxVerifiedOrders + 1)), orderNumber] };
    }
}
