namespace HelpdeskBot.Classifier.Intents;

/// <summary>The intent names the classifier emits. Skills, analytics and evaluation rely on these exact strings.</summary>
public static class IntentNames
{
    public const string OrderStatus = "order.status";
    public const string OrderCancel = "order.cancel";
    public const string OrderReturn = "order.return";
    public const string ItPasswordReset = "it.password_reset";
    public const string ItTicketCreate = "it.ticket_create";
    public const string ItTicketStatus = "it.ticket_status";
    public const string ItSoftwareRequest = "it.software_request";
    public const string HrLeaveBalance = "hr.leave_balance";
    public const string HrLeaveRequest = "hr.leave_request";
    public const string HrPayslip = "hr.payslip";
    public const string InvoiceStatus = "invoice.status";
    public const string InvoiceCopy = "invoice.copy";
    public const string KbPolicy = "kb.policy";
    public const string AgentHandoff = "agent.handoff";
    public const string SmalltalkGreeting = "smalltalk.greeting";
    public const string SmalltalkThanks = "smalltalk.thanks";
    public const string SmalltalkGoodbye = "smalltalk.goodbye";
    public const string BotHelp = "bot.help";
    public const string OutOfScope = "oos";

    /// <summary>Every in-scope intent, in catalogue order.</summary>
    public static IReadOnlyList<string> InScope { get; } =
    [
        OrderStatus, OrderCancel, OrderReturn,
        ItPasswordReset, ItTicketCreate, ItTicketStatus, ItSoftwareRequest,
        HrLeaveBalance, HrLeaveRequest, HrPayslip,
        InvoiceStatus, InvoiceCopy,
        KbPolicy, AgentHandoff,
        SmalltalkGreeting, SmalltalkThanks, SmalltalkGoodbye, BotHelp,
    ];
}
