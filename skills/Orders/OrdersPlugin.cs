using System.ComponentModel;
using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Connectors;
using HelpdeskBot.Connectors.Orders;
using HelpdeskBot.Skills.Conversations;
using Microsoft.SemanticKernel;

namespace HelpdeskBot.Skills.Orders;

/// <summary>
/// The order skills as Semantic Kernel functions. Identity is the requester bound at construction (from the turn; an
/// anonymous visitor carries only the orders verified in this conversation), never a parameter. Reads answer in the
/// bound language; cancel and return only check and prepare: the form at its confirmation step is left in
/// <see cref="PendingForm"/> for the caller to install, so nothing changes without the user's yes in the chat.
/// Failures come back as text, never as exceptions.
/// </summary>
public sealed class OrdersPlugin(IOrderService orders, Requester requester, string language, TimeProvider timeProvider)
{
    /// <summary>A form waiting for the user (e-mail verification, or yes/no to a cancel or return); install it as the conversation's active form.</summary>
    public FormState? PendingForm { get; private set; }

    /// <summary>The plugin for one turn: its requester (with the conversation's verified orders) and language.</summary>
    public static OrdersPlugin ForTurn(IOrderService orders, TurnContext turn, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(turn);
        return new OrdersPlugin(orders, OrderTurn.RequesterFor(turn.Requester, turn.State), turn.Language, timeProvider);
    }

    [KernelFunction("get_order_status")]
    [Description("Gets the status of one of the user's orders: processing, shipped (carrier, tracking number, estimated delivery), delivered or cancelled, with what was ordered.")]
    public Task<string> GetOrderStatusAsync(
        [Description("The order number, e.g. ORD-100123")] string orderNumber,
        CancellationToken cancellationToken = default) =>
        AnswerAsync(IntentNames.OrderStatus, orderNumber, () => new OrderStatusFormState { LastActivityAt = Now }, async number =>
        {
            var order = await orders.GetStatusAsync(number, requester, cancellationToken);
            return order is null ? OrderReplies.NotFound(number, language) : OrderStatusReply.Describe(order, language);
        });

    [KernelFunction("check_order_cancellation")]
    [Description("Checks whether one of the user's orders can still be cancelled (only before it ships) and says why not otherwise. Changes nothing.")]
    public Task<string> CheckOrderCancellationAsync(
        [Description("The order number, e.g. ORD-100123")] string orderNumber,
        CancellationToken cancellationToken = default) =>
        AnswerAsync(IntentNames.OrderCancel, orderNumber, () => new OrderCancelFormState { LastActivityAt = Now }, async number =>
        {
            var check = await orders.CheckCancellationAsync(number, requester, cancellationToken);
            return check is { Eligibility: OrderActionEligibility.Allowed, Order: { } order }
                ? OrderActionPhrases.CancelAllowed.Format(
                    language, ("order", number), ("items", OrderReplies.Items(order.ItemCount, language)), ("total", LocalFormat.Rupiah(order.TotalIdr)))
                : OrderReplies.CancelRefusal(check, number, language).Text;
        });

    [KernelFunction("request_order_cancellation")]
    [Description("Prepares the cancellation of one of the user's orders. It does NOT cancel: the user must confirm with yes in the chat, and the returned text is the question to show them.")]
    public Task<string> RequestOrderCancellationAsync(
        [Description("The order number, e.g. ORD-100123")] string orderNumber,
        CancellationToken cancellationToken = default) =>
        AnswerAsync(IntentNames.OrderCancel, orderNumber, () => new OrderCancelFormState { LastActivityAt = Now }, async number =>
        {
            var check = await orders.CheckCancellationAsync(number, requester, cancellationToken);
            if (check is not { Eligibility: OrderActionEligibility.Allowed, Order: { } order })
            {
                return OrderReplies.CancelRefusal(check, number, language).Text;
            }

            PendingForm = new OrderCancelFormState { LastActivityAt = Now, Question = OrderQuestion.Confirmation, OrderNumber = number };
            return $"{OrderReplies.CancelConfirmation(order, language)}\n{OrderActionPhrases.ConfirmInChat.In(language)}";
        });

    [KernelFunction("check_order_return")]
    [Description("Checks whether one of the user's orders can be returned for a refund (delivered, within the 14-day return window, no return open yet) and says why not otherwise. Changes nothing.")]
    public Task<string> CheckOrderReturnAsync(
        [Description("The order number, e.g. ORD-100123")] string orderNumber,
        CancellationToken cancellationToken = default) =>
        AnswerAsync(IntentNames.OrderReturn, orderNumber, () => new OrderReturnFormState { LastActivityAt = Now }, async number =>
        {
            var check = await orders.CheckReturnAsync(number, requester, cancellationToken);
            if (check is not { Eligibility: OrderActionEligibility.Allowed, Order: { } order })
            {
                return OrderReplies.ReturnRefusal(check, number, language).Text;
            }

            var allowed = OrderActionPhrases.ReturnAllowed.Format(language, ("order", number), ("total", LocalFormat.Rupiah(order.TotalIdr)));
            return OrderReplies.ReturnWindow(check, number, language) is { } window ? $"{window}\n{allowed}" : allowed;
        });

    [KernelFunction("request_order_return")]
    [Description("Prepares a return of one of the user's delivered orders for a refund. It does NOT open the return: the user must confirm with yes in the chat, and the returned text is the question to show them.")]
    public Task<string> RequestOrderReturnAsync(
        [Description("The order number, e.g. ORD-100123")] string orderNumber,
        [Description("Why it goes back: damaged, wrong item, not as described, no longer needed, or other")] string reason,
        [Description("The user's own short description of the problem, needed when the reason is other")] string? note = null,
        CancellationToken cancellationToken = default) =>
        AnswerAsync(IntentNames.OrderReturn, orderNumber, () => new OrderReturnFormState { LastActivityAt = Now }, async number =>
        {
            if (ParseReason(reason) is not { } returnReason)
            {
                return OrderActionPhrases.ReasonReprompt.In(language);
            }

            var check = await orders.CheckReturnAsync(number, requester, cancellationToken);
            if (check is not { Eligibility: OrderActionEligibility.Allowed, Order: { } order })
            {
                return OrderReplies.ReturnRefusal(check, number, language).Text;
            }

            var trimmedNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
            if (trimmedNote?.Length > OrderReturnForm.MaxNoteLength)
            {
                trimmedNote = trimmedNote[..OrderReturnForm.MaxNoteLength];
            }

            PendingForm = new OrderReturnFormState
            {
                LastActivityAt = Now,
                Question = OrderQuestion.Confirmation,
                OrderNumber = number,
                Reason = returnReason,
                Note = trimmedNote,
                RefundIdr = order.TotalIdr,
            };
            return $"{OrderReplies.ReturnConfirmation(number, returnReason, order.TotalIdr, language)}\n{OrderActionPhrases.ConfirmInChat.In(language)}";
        });

    private DateTimeOffset Now => timeProvider.GetUtcNow();

    /// <summary>
    /// Validates the order number, makes an anonymous visitor verify an order first (leaving that form pending), then
    /// answers; a back office that does not answer is said in words.
    /// </summary>
    private async Task<string> AnswerAsync<TState>(string intent, string orderNumber, Func<TState> fresh, Func<string, Task<string>> answer)
        where TState : OrderFormState
    {
        // Deny by default, as the chat does: e.g. employees may look an order up for a customer but not cancel it.
        if (!IntentActions.Serves(intent, requester))
        {
            return OrderActionPhrases.NotForRequester.In(language);
        }

        if (OrderForms.FindOrderNumberInAnswer(orderNumber ?? string.Empty) is not { } number)
        {
            return OrderPhrases.Reprompt.In(language);
        }

        if (requester.Kind == RequesterKind.Anonymous && !requester.VerifiedOrderNumbers.Contains(number, StringComparer.Ordinal))
        {
            PendingForm = fresh() with { Question = OrderQuestion.Email, OrderNumber = number };
            return OrderPhrases.AskEmail.Format(language, ("order", number));
        }

        try
        {
            return await answer(number);
        }
        catch (BackOfficeUnavailableException ex)
        {
            return DialogPhrases.SystemDown.Format(language, ("system", DialogPhrases.SystemName(ex.System).In(language)));
        }
    }

    private static ReturnReason? ParseReason(string? reason) =>
        reason is null ? null
        : Enum.TryParse<ReturnReason>(reason.Replace("_", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var parsed)
            && Enum.IsDefined(parsed) ? parsed
        : OrderReturnForm.ParseReason(reason);
}
