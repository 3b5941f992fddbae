using HelpdeskBot.Connectors;
using HelpdeskBot.Connectors.Orders;
using HelpdeskBot.Skills.Conversations;
using HelpdeskBot.Skills.Orders;
using Microsoft.SemanticKernel;

namespace HelpdeskBot.Skills.Tests.Orders;

public sealed class OrdersPluginTests
{
    private static readonly Requester Customer = Requester.Customer(FakeOrderLookup.Owner);

    private readonly FakeOrderLookup orders = new();
    private readonly ManualTimeProvider clock = new(TestConversation.Start);

    private (OrdersPlugin Plugin, KernelPlugin Functions) Create(Requester requester, string language = "en")
    {
        var plugin = new OrdersPlugin(orders, requester, language, clock);
        return (plugin, KernelPluginFactory.CreateFromObject(plugin, "orders"));
    }

    private static async Task<string> CallAsync(KernelPlugin functions, string name, KernelArguments arguments) =>
        (await functions[name].InvokeAsync(new Kernel(), arguments)).GetValue<string>()!;

    [Fact]
    public void The_model_sees_described_functions_that_take_no_identity()
    {
        var (_, functions) = Create(Customer);

        Assert.Equal(
            ["check_order_cancellation", "check_order_return", "get_order_status", "request_order_cancellation", "request_order_return"],
            functions.Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.All(functions, f => Assert.False(string.IsNullOrWhiteSpace(f.Description)));
        var parameters = functions.SelectMany(f => f.Metadata.Parameters).ToList();
        Assert.All(parameters, p => Assert.False(string.IsNullOrWhiteSpace(p.Description), p.Name));
        Assert.Equal(["note", "orderNumber", "reason"], parameters.Select(p => p.Name).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Order_status_answers_for_the_bound_requester_only()
    {
        var (_, functions) = Create(Customer);

        var own = await CallAsync(functions, "get_order_status", new() { ["orderNumber"] = "ORD-100123" });
        var someoneElses = await CallAsync(functions, "get_order_status", new() { ["orderNumber"] = "ORD-100500" });
        var missing = await CallAsync(functions, "get_order_status", new() { ["orderNumber"] = "ORD-999999" });

        Assert.StartsWith("Order ORD-100123 is on its way with JNE.", own, StringComparison.Ordinal);
        Assert.Equal(missing.Replace("ORD-999999", "#", StringComparison.Ordinal), someoneElses.Replace("ORD-100500", "#", StringComparison.Ordinal));
        Assert.All(orders.Lookups, lookup => Assert.Same(Customer, lookup.Requester));
    }

    [Fact]
    public async Task Requesting_a_cancellation_only_prepares_it_and_leaves_the_confirmation_pending()
    {
        var (plugin, functions) = Create(Customer);

        var text = await CallAsync(functions, "request_order_cancellation", new() { ["orderNumber"] = "100200" });

        Assert.Equal(
            "Order ORD-100200 (1 item, total Rp 89.000) hasn't shipped yet, so it can still be cancelled. Shall I cancel it?\nNothing has been done yet: this needs your yes or no here in the chat.",
            text);
        Assert.Empty(orders.Cancellations);
        var pending = Assert.IsType<OrderCancelFormState>(plugin.PendingForm);
        Assert.Equal((OrderQuestion.Confirmation, "ORD-100200"), (pending.Question, pending.OrderNumber));
    }

    [Fact]
    public async Task The_pending_cancellation_runs_only_when_the_user_says_yes_in_the_chat()
    {
        var conversation = new TestConversation();
        var plugin = new OrdersPlugin(conversation.Orders, conversation.User.Requester, "en", conversation.Clock);
        await KernelPluginFactory.CreateFromObject(plugin)["request_order_cancellation"].InvokeAsync(new Kernel(), new() { ["orderNumber"] = "ORD-100200" });
        conversation.State = conversation.State with { ActiveForm = plugin.PendingForm };

        var done = await conversation.SayAsync("yes");

        Assert.StartsWith("Order ORD-100200 is cancelled.", done.Text(), StringComparison.Ordinal);
        Assert.Single(conversation.Orders.Cancellations);
    }

    [Fact]
    public async Task Requesting_a_return_only_prepares_it_with_the_reason()
    {
        var (plugin, functions) = Create(Customer, Languages.Indonesian);

        var text = await CallAsync(functions, "request_order_return", new() { ["orderNumber"] = "ORD-100600", ["reason"] = "wrong_item" });

        Assert.StartsWith("Mohon konfirmasi: retur pesanan ORD-100600 (alasan: Barang salah).", text, StringComparison.Ordinal);
        Assert.EndsWith("Belum ada yang dilakukan: ini memerlukan jawaban ya atau tidak dari Anda di chat ini.", text, StringComparison.Ordinal);
        Assert.Empty(orders.Returns);
        var pending = Assert.IsType<OrderReturnFormState>(plugin.PendingForm);
        Assert.Equal((OrderQuestion.Confirmation, ReturnReason.WrongItem, 750_000m), (pending.Question, pending.Reason, pending.RefundIdr));
    }

    [Fact]
    public async Task Checks_say_why_not_in_plain_words_and_change_nothing()
    {
        var (plugin, functions) = Create(Customer);

        var cancel = await CallAsync(functions, "check_order_cancellation", new() { ["orderNumber"] = "ORD-100123" });
        var returnable = await CallAsync(functions, "check_order_return", new() { ["orderNumber"] = "ORD-100600" });
        var closed = await CallAsync(functions, "check_order_return", new() { ["orderNumber"] = "ORD-100300" });

        Assert.StartsWith("Order ORD-100123 has already shipped", cancel, StringComparison.Ordinal);
        Assert.Equal("Order ORD-100600 can be returned until 9 December 2026.\nOrder ORD-100600 can be returned for a refund of Rp 750.000.", returnable);
        Assert.Contains("closed on 22 January 2026", closed, StringComparison.Ordinal);
        Assert.Null(plugin.PendingForm);
        Assert.Empty(orders.Cancellations);
        Assert.Empty(orders.Returns);
    }

    [Fact]
    public async Task An_anonymous_visitor_sees_only_verified_orders_and_is_asked_to_verify_the_rest()
    {
        var (plugin, functions) = Create(Requester.Anonymous);

        var unverified = await CallAsync(functions, "get_order_status", new() { ["orderNumber"] = "ORD-100123" });

        Assert.Equal("To keep your order details private, please tell me the e-mail address you used for order ORD-100123.", unverified);
        Assert.Empty(orders.Lookups);
        Assert.Equal(OrderQuestion.Email, Assert.IsType<OrderStatusFormState>(plugin.PendingForm).Question);

        var verified = Requester.Anonymous with { VerifiedOrderNumbers = ["ORD-100123"] };
        var (_, verifiedFunctions) = Create(verified);

        var status = await CallAsync(verifiedFunctions, "get_order_status", new() { ["orderNumber"] = "ORD-100123" });

        Assert.StartsWith("Order ORD-100123 is on its way", status, StringComparison.Ordinal);
    }

    [Fact]
    public void ForTurn_binds_the_conversations_verified_orders_from_the_server_side_state()
    {
        var user = new ChannelUser("visitor-1", null, Requester.Anonymous);
        var state = ConversationState.New with { VerifiedOrderNumbers = ["ORD-100123"] };
        var turn = new TurnContext(new IncomingMessage("c", user, "hi"), "en", state, null, TestConversation.Start);

        var plugin = OrdersPlugin.ForTurn(orders, turn, clock);

        Assert.NotNull(plugin);
        Assert.Equal(["ORD-100123"], OrderTurn.RequesterFor(turn.Requester, turn.State).VerifiedOrderNumbers);
    }

    [Fact]
    public async Task Failures_come_back_as_text()
    {
        var (_, functions) = Create(Customer);
        orders.Down = true;

        var down = await CallAsync(functions, "get_order_status", new() { ["orderNumber"] = "ORD-100123" });
        var invalid = await CallAsync(functions, "request_order_return", new() { ["orderNumber"] = "ORD-100600", ["reason"] = "because" });
        var noNumber = await CallAsync(functions, "get_order_status", new() { ["orderNumber"] = "the blue one" });

        Assert.StartsWith("Sorry, the order system is not answering right now.", down, StringComparison.Ordinal);
        Assert.StartsWith("Sorry, I didn't catch the reason.", invalid, StringComparison.Ordinal);
        Assert.StartsWith("Sorry, I couldn't find an order number in that.", noNumber, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Employees_may_look_an_order_up_but_not_cancel_or_return_it_and_suppliers_get_nothing()
    {
        var (_, employee) = Create(Requester.Employee("EMP-0007"));
        var (_, supplier) = Create(Requester.Supplier("SUP-0001"));

        var status = await CallAsync(employee, "get_order_status", new() { ["orderNumber"] = "ORD-100123" });
        var cancel = await CallAsync(employee, "request_order_cancellation", new() { ["orderNumber"] = "ORD-100200" });
        var supplierStatus = await CallAsync(supplier, "get_order_status", new() { ["orderNumber"] = "ORD-100123" });

        Assert.StartsWith("Order ORD-100123 is on its way", status, StringComparison.Ordinal);
        Assert.Equal("Sorry, I can't do that for your account in this chat.", cancel);
        Assert.Equal(cancel, supplierStatus);
        Assert.Empty(orders.Checks);
        Assert.Single(orders.Lookups);
    }
}
