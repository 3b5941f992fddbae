using HelpdeskBot.Connectors.Changes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Connectors.Tests.Http;

public sealed class HttpBackOfficeChangesTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;

    private FakeBackOffice _server = null!;
    private ConnectorHost _host = null!;

    private IBackOfficeChanges Changes => _host.Services.GetRequiredService<IBackOfficeChanges>();

    public async Task InitializeAsync()
    {
        _server = await FakeBackOffice.StartAsync();
        _host = ConnectorHost.Create(_server.BaseUrl);
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Changes_after_the_cursor_are_read_with_their_owner_and_statuses_without_requester_headers()
    {
        var changes = await Changes.GetChangesAsync(BackOfficeSystem.ItSupport, 1, 50, None);

        Assert.Equal([2L, 7L], changes.Select(c => c.Sequence));
        var ticket = changes[0];
        Assert.Equal(
            new StatusChange(2, ChangedRecordKind.Ticket, "IT-000002", Requester.Employee("EMP-0007"), "inProgress", "resolved",
                new DateTimeOffset(2026, 11, 27, 8, 5, 0, TimeSpan.FromHours(7))),
            ticket);
        Assert.Null(changes[1].OldStatus);
        var request = Assert.Single(_server.Requests);
        Assert.Equal(("GET", "/api/changes", "?after=1&limit=50"), (request.Method, request.Path, request.Query));
        Assert.Null(request.Header("X-Requester-Kind"));
        Assert.Null(request.Header("X-Requester-Id"));
    }

    [Fact]
    public async Task An_entry_without_a_real_owner_is_dropped_so_nobody_is_told_about_it()
    {
        var changes = await Changes.GetChangesAsync(BackOfficeSystem.Hr, 0, 50, None);

        Assert.Equal([1L, 2L, 7L], changes.Select(c => c.Sequence));
        Assert.All(changes, c => Assert.False(string.IsNullOrEmpty(c.Owner.PartyId)));
    }

    [Fact]
    public async Task The_limit_is_passed_on_and_an_empty_page_means_nothing_new()
    {
        Assert.Equal([1L], (await Changes.GetChangesAsync(BackOfficeSystem.Orders, 0, 1, None)).Select(c => c.Sequence));
        Assert.Empty(await Changes.GetChangesAsync(BackOfficeSystem.Orders, 7, 100, None));
        Assert.Equal("?after=7&limit=100", _server.Requests[^1].Query);
    }

    [Fact]
    public async Task A_feed_that_fails_is_reported_unavailable_after_the_retries_of_a_get()
    {
        _server.Intercept = context =>
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Task.FromResult(true);
        };

        var failure = await Assert.ThrowsAsync<BackOfficeUnavailableException>(() => Changes.GetChangesAsync(BackOfficeSystem.Orders, 0, 10, None));

        Assert.Equal(BackOfficeSystem.Orders, failure.System);
        Assert.Equal(3, _server.Requests.Count);
    }

    [Fact]
    public async Task An_entry_the_contract_does_not_allow_makes_the_page_a_failure_rather_than_a_guess()
    {
        _server.Intercept = async context =>
        {
            await context.Response.WriteAsJsonAsync(new[] { new { sequence = 9, kind = "parcel", recordId = "X", ownerKind = "customer", ownerId = "CUS-0001", newStatus = "lost", changedAt = "2026-11-27T08:00:00Z" } });
            return true;
        };

        await Assert.ThrowsAsync<BackOfficeUnavailableException>(() => Changes.GetChangesAsync(BackOfficeSystem.Orders, 0, 10, None));
    }

    [Fact]
    public async Task A_system_left_on_the_demo_back_office_is_read_from_its_change_log_not_over_http()
    {
        using var mixed = ConnectorHost.Create(_server.BaseUrl, new Dictionary<string, string?> { ["Connectors:Hr:Mode"] = "Demo" });
        await mixed.Services.GetRequiredService<HelpdeskBot.Connectors.BackOffice.BackOfficeInitializer>().InitializeAsync(None);
        var desk = mixed.Services.GetRequiredService<IDemoStaffDesk>();
        var feed = mixed.Services.GetRequiredService<IBackOfficeChanges>();

        var approved = await desk.SetStatusAsync(ChangedRecordKind.LeaveRequest, "LR-000001", "approved", None);
        var changes = await feed.GetChangesAsync(BackOfficeSystem.Hr, 0, 10, None);

        Assert.Equal(DemoStatusOutcome.Changed, approved.Outcome);
        Assert.Equal([("LR-000001", "approved")], changes.Select(c => (c.RecordId, c.NewStatus)));
        Assert.Empty(_server.Requests);
    }
}
