using HelpdeskBot.Connectors.Changes;
using HelpdeskBot.Connectors.ItSupport;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Connectors.Tests.Changes;

public sealed class DemoChangeFeedTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private FreshBackOffice _backOffice = null!;

    private IBackOfficeChanges Feed => _backOffice.Host.Services.GetRequiredService<IBackOfficeChanges>();

    private IDemoStaffDesk Staff => _backOffice.Host.Services.GetRequiredService<IDemoStaffDesk>();

    public async Task InitializeAsync() => _backOffice = await FreshBackOffice.StartAsync();

    public async Task DisposeAsync() => await _backOffice.DisposeAsync();

    [Fact]
    public async Task A_freshly_seeded_back_office_has_no_changes_to_tell()
    {
        foreach (var system in IBackOfficeChanges.Systems)
        {
            Assert.Empty(await Feed.GetChangesAsync(system, 0, 100, None));
        }
    }

    [Fact]
    public async Task An_order_the_customer_cancels_through_the_bot_appears_in_the_orders_feed_with_its_owner()
    {
        await _backOffice.Host.Orders.CancelAsync("ORD-100125", Requester.Customer("CUS-0001"), None);

        var change = Assert.Single(await Feed.GetChangesAsync(BackOfficeSystem.Orders, 0, 100, None));
        Assert.Equal(
            (ChangedRecordKind.Order, "ORD-100125", Requester.Customer("CUS-0001"), "processing", "cancelled", FreshBackOffice.Start),
            (change.Kind, change.RecordId, change.Owner, change.OldStatus, change.NewStatus, change.ChangedAt));
        Assert.Empty(await Feed.GetChangesAsync(BackOfficeSystem.ItSupport, 0, 100, None));
    }

    [Fact]
    public async Task A_refused_cancellation_changes_nothing_and_logs_nothing()
    {
        var refused = await _backOffice.Host.Orders.CancelAsync("ORD-100123", Requester.Customer("CUS-0001"), None);

        Assert.False(refused.Cancelled);
        Assert.Empty(await Feed.GetChangesAsync(BackOfficeSystem.Orders, 0, 100, None));
    }

    [Fact]
    public async Task Staff_resolving_a_ticket_changes_it_and_logs_the_change_for_its_owner_only()
    {
        var ticket = (await _backOffice.Host.It.GetOpenTicketsAsync(Requester.Employee("EMP-0007"), None))[0];

        var result = await Staff.SetStatusAsync(ChangedRecordKind.Ticket, ticket.TicketId.ToLowerInvariant(), "resolved", None);

        Assert.Equal(DemoStatusOutcome.Changed, result.Outcome);
        Assert.Equal(TicketStatus.Resolved, (await _backOffice.Host.It.GetTicketAsync(ticket.TicketId, Requester.Employee("EMP-0007"), None))!.Status);
        var logged = Assert.Single(await Feed.GetChangesAsync(BackOfficeSystem.ItSupport, 0, 100, None));
        Assert.Equal(result.Change, logged);
        Assert.Equal((ticket.TicketId, Requester.Employee("EMP-0007"), StatusNames.Of(ticket.Status), "resolved"),
            (logged.RecordId, logged.Owner, logged.OldStatus, logged.NewStatus));
    }

    [Fact]
    public async Task Changes_come_in_order_after_the_cursor_and_a_page_stops_at_the_limit()
    {
        await Staff.SetStatusAsync(ChangedRecordKind.LeaveRequest, "LR-000001", "approved", None);
        await Staff.SetStatusAsync(ChangedRecordKind.SoftwareRequest, "SR-000001", "approved", None);
        await Staff.SetStatusAsync(ChangedRecordKind.SoftwareRequest, "SR-000001", "fulfilled", None);

        var it = await Feed.GetChangesAsync(BackOfficeSystem.ItSupport, 0, 100, None);
        Assert.Equal(["approved", "fulfilled"], it.Select(c => c.NewStatus));
        Assert.True(it[0].Sequence < it[1].Sequence);
        Assert.Equal([it[1]], await Feed.GetChangesAsync(BackOfficeSystem.ItSupport, it[0].Sequence, 100, None));
        Assert.Equal([it[0]], await Feed.GetChangesAsync(BackOfficeSystem.ItSupport, 0, 1, None));
        Assert.Equal(["approved"], (await Feed.GetChangesAsync(BackOfficeSystem.Hr, 0, 100, None)).Select(c => c.NewStatus));
    }

    [Theory]
    [InlineData(ChangedRecordKind.Ticket, "IT-999999", "resolved", DemoStatusOutcome.NotFound)]
    [InlineData(ChangedRecordKind.Order, "ORD-100125", "teleported", DemoStatusOutcome.InvalidStatus)]
    [InlineData(ChangedRecordKind.Order, "ORD-100125", "processing", DemoStatusOutcome.Unchanged)]
    [InlineData(ChangedRecordKind.LeaveRequest, "LR-000001", "fulfilled", DemoStatusOutcome.InvalidStatus)]
    public async Task A_status_change_that_changes_nothing_logs_nothing(ChangedRecordKind kind, string id, string status, DemoStatusOutcome expected)
    {
        var result = await Staff.SetStatusAsync(kind, id, status, None);

        Assert.Equal(expected, result.Outcome);
        Assert.Null(result.Change);
        foreach (var system in IBackOfficeChanges.Systems)
        {
            Assert.Empty(await Feed.GetChangesAsync(system, 0, 100, None));
        }
    }

    [Theory]
    [InlineData("inProgress", TicketStatus.InProgress)]
    [InlineData("in_progress", TicketStatus.InProgress)]
    [InlineData("Resolved", TicketStatus.Resolved)]
    [InlineData("done", null)]
    [InlineData("", null)]
    public void Status_names_are_read_in_any_of_the_usual_spellings(string text, TicketStatus? expected) =>
        Assert.Equal(expected, StatusNames.Parse<TicketStatus>(text));
}
