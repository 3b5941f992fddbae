using System.Globalization;
using HelpdeskBot.Connectors;
using HelpdeskBot.Connectors.Hr;
using HelpdeskBot.Connectors.Orders;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace HelpdeskBot.Bot.Handoff;

/// <summary>
/// The agent console's real-time channel at <c>/agent/hub</c> (agent or admin role). Server methods: <c>GetQueue</c>,
/// <c>Accept</c>, <c>GetCase</c>, <c>Send</c>, <c>AddNote</c>, <c>Transfer</c>, <c>Resolve</c>. Client events:
/// <c>queueChanged(queue)</c>, <c>userMessage(caseId, line)</c> (to agents who opened the case), <c>caseClosed(caseId)</c>.
/// A refused action throws a <see cref="HubException"/> whose message the console shows.
/// </summary>
[Authorize(Policy = AgentRoles.ConsolePolicy)]
internal sealed partial class AgentHub(
    HandoffService handoff, AgentPresence presence, IHrService hr, IOrderService orders, ILogger<AgentHub> logger) : Hub
{
    public const string Path = "/agent/hub";
    public const int MaxTextLength = 4000;

    public static string QueueGroup(string queue) => "queue:" + queue;

    public static string CaseGroup(long caseId) => "case:" + caseId.ToString(CultureInfo.InvariantCulture);

    public override async Task OnConnectedAsync()
    {
        var agent = Agent;
        presence.Connected(agent);
        foreach (var queue in agent.ServedQueues)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, QueueGroup(queue));
            // Agents online changes everyone's estimated wait.
            await Clients.Group(QueueGroup(queue)).SendAsync("queueChanged", queue);
        }

        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        var agent = Agent;
        presence.Disconnected(agent.UserName);
        LogDisconnected(logger, agent.UserName);
        await base.OnDisconnectedAsync(exception);
    }

    public Task<QueueSnapshot> GetQueue() => handoff.SnapshotAsync(Agent, Context.ConnectionAborted);

    /// <summary>Takes a waiting conversation: "accepted", or why not ("taken", "notFound", "notYourQueue").</summary>
    public async Task<string> Accept(long caseId)
    {
        var outcome = await handoff.AcceptAsync(caseId, Agent, Context.ConnectionAborted);
        if (outcome == AcceptOutcome.Accepted)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, CaseGroup(caseId));
        }

        return outcome switch
        {
            AcceptOutcome.Accepted => "accepted",
            AcceptOutcome.AlreadyTaken => "taken",
            AcceptOutcome.NotYourQueue => "notYourQueue",
            _ => "notFound",
        };
    }

    /// <summary>The context package of a case in a queue the agent serves (or their own); subscribes to its new messages.</summary>
    public async Task<CaseContext> GetCase(long caseId)
    {
        var context = await Guarded(() => handoff.ContextAsync(caseId, Agent, ProfileAsync, Context.ConnectionAborted));
        await Groups.AddToGroupAsync(Context.ConnectionId, CaseGroup(caseId));
        return context;
    }

    public Task Send(long caseId, string text) =>
        Guarded(() => handoff.SendAgentMessageAsync(caseId, Agent, CheckedText(text), Context.ConnectionAborted));

    public async Task<NoteLine> AddNote(long caseId, string text)
    {
        var note = await Guarded(() => handoff.AddNoteAsync(caseId, Agent, CheckedText(text), Context.ConnectionAborted));
        return new NoteLine(note.AgentUserName, note.Text, note.AtUtc);
    }

    public Task Transfer(long caseId, string queue) =>
        Guarded(() => handoff.TransferAsync(caseId, Agent, queue, Context.ConnectionAborted));

    public Task Resolve(long caseId) =>
        Guarded(() => handoff.ResolveAsync(caseId, Agent, Context.ConnectionAborted));

    private AgentIdentity Agent =>
        (AgentIdentity.From(Context.User) ?? throw new HubException("Sign in as an agent."))
        with { ClientIp = Admin.Audit.AuditActor.ClientIpOf(Context.GetHttpContext()) };

    private static string CheckedText(string? text)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            throw new HubException("Type a message first.");
        }

        if (trimmed.Length > MaxTextLength)
        {
            throw new HubException($"A message may have at most {MaxTextLength} characters.");
        }

        return trimmed;
    }

    private static async Task<T> Guarded<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (HandoffActionException ex)
        {
            throw new HubException(ex.Message);
        }
    }

    private static async Task Guarded(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (HandoffActionException ex)
        {
            throw new HubException(ex.Message);
        }
    }

    /// <summary>
    /// Who the user is, from the systems that know them: the HR directory for an employee, the order system for a customer
    /// (contacts masked by the connector).
    /// </summary>
    private async Task<IReadOnlyList<ProfileField>> ProfileAsync(HandoffCase record, CancellationToken cancellationToken)
    {
        var fields = new List<ProfileField> { new("Name", record.UserName ?? "(not given)"), new("Kind", record.RequesterKind) };
        if (record.PartyId is { } party)
        {
            fields.Add(new("Id", party));
        }

        if (record.RequesterKind == nameof(RequesterKind.Employee) && record.PartyId is { } employeeId)
        {
            try
            {
                if (await hr.GetProfileAsync(Requester.Employee(employeeId), cancellationToken) is { } profile)
                {
                    fields.Add(new("Department", profile.Department));
                    fields.Add(new("Job title", profile.JobTitle));
                    if (profile.ManagerName is { } manager)
                    {
                        fields.Add(new("Manager", manager));
                    }
                }
            }
            catch (BackOfficeUnavailableException)
            {
                fields.Add(new("Directory", "HR directory not reachable"));
            }
        }

        if (record.RequesterKind == nameof(RequesterKind.Customer) && record.PartyId is { } customerId)
        {
            try
            {
                if (await orders.GetCustomerProfileAsync(Requester.Customer(customerId), cancellationToken) is { } customer)
                {
                    fields.Add(new("E-mail (masked)", customer.MaskedEmail));
                    fields.Add(new("Phone (masked)", customer.MaskedPhone));
                    fields.Add(new("Orders", customer.OrderCount.ToString(CultureInfo.InvariantCulture)));
                    if (customer.LatestOrderNumber is { } latest)
                    {
                        var on = customer.LatestOrderedOn is { } date ? " (" + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ")" : "";
                        fields.Add(new("Latest order", latest + on));
                    }
                }
            }
            catch (BackOfficeUnavailableException)
            {
                fields.Add(new("Order system", "Order system not reachable"));
            }
        }

        return fields;
    }

    [LoggerMessage(LogLevel.Information, "Agent {Agent} disconnected from the console")]
    private static partial void LogDisconnected(ILogger logger, string agent);
}

/// <summary>Pushes queue changes and user messages to the consoles through the hub.</summary>
internal sealed class SignalRHandoffNotifier(IHubContext<AgentHub> hub) : IHandoffNotifier
{
    public Task QueueChangedAsync(string queue, CancellationToken cancellationToken) =>
        hub.Clients.Group(AgentHub.QueueGroup(queue)).SendAsync("queueChanged", queue, cancellationToken);

    public Task UserMessageAsync(long caseId, string queue, TranscriptLine line, CancellationToken cancellationToken) =>
        hub.Clients.Group(AgentHub.CaseGroup(caseId)).SendAsync("userMessage", caseId, line, cancellationToken);

    public async Task CaseClosedAsync(long caseId, string queue, CancellationToken cancellationToken)
    {
        await hub.Clients.Group(AgentHub.CaseGroup(caseId)).SendAsync("caseClosed", caseId, cancellationToken);
        await hub.Clients.Group(AgentHub.QueueGroup(queue)).SendAsync("queueChanged", queue, cancellationToken);
    }
}

/// <summary>Every few seconds: conversations whose agent has been gone past the grace period go back to the head of their queue.</summary>
internal sealed partial class HandoffSweeper(HandoffService handoff, Microsoft.Extensions.Options.IOptions<HandoffOptions> options, ILogger<HandoffSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.SweepIntervalSeconds));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await handoff.RequeueAbandonedAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSweepFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(LogLevel.Error, "Looking for abandoned handoff conversations failed; trying again next round")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
