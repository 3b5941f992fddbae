using System.Security.Cryptography;
using System.Text.RegularExpressions;
using HelpdeskBot.Connectors.BackOffice;
using HelpdeskBot.Connectors.Notifications;
using Microsoft.EntityFrameworkCore;

namespace HelpdeskBot.Connectors.ItSupport;

/// <summary>
/// The IT service desk and identity system of the demo back office. Only employees get anything, and only their own
/// tickets and requests. Writes that the contract answers with a record (a new ticket, a software request) answer a
/// requester who is not an employee, an unknown software id or an empty description with a record whose id is empty
/// and nothing is created — bad input never throws.
/// </summary>
internal sealed partial class BackOfficeItSupportService(
    IDbContextFactory<BackOfficeDbContext> dbFactory, TimeProvider time) : IItSupportService
{
    private const int MaxTitleLength = 80;

    public Task<TicketInfo?> GetTicketAsync(string ticketId, Requester requester, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requester);
        return BackOfficeCall.RunAsync(BackOfficeSystem.ItSupport, async () =>
        {
            if (EmployeeIdOf(requester) is not { } employeeId || BackOfficeCall.NormalizeId(ticketId, TicketIdFormat()) is not { } id)
            {
                return null;
            }

            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var ticket = await db.ItTickets.AsNoTracking().Include(t => t.Comments)
                .SingleOrDefaultAsync(t => t.Id == id && t.EmployeeId == employeeId, cancellationToken);
            return ticket is null ? null : ToInfo(ticket);
        });
    }

    public Task<IReadOnlyList<TicketInfo>> GetOpenTicketsAsync(Requester requester, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requester);
        return BackOfficeCall.RunAsync(BackOfficeSystem.ItSupport, async () =>
        {
            if (EmployeeIdOf(requester) is not { } employeeId)
            {
                return (IReadOnlyList<TicketInfo>)[];
            }

            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var tickets = await db.ItTickets.AsNoTracking().Include(t => t.Comments)
                .Where(t => t.EmployeeId == employeeId && (t.Status == TicketStatus.Open || t.Status == TicketStatus.InProgress))
                .ToListAsync(cancellationToken);
            return tickets.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id, StringComparer.Ordinal).Select(ToInfo).ToList();
        });
    }

    public Task<TicketInfo> CreateTicketAsync(NewTicket ticket, Requester requester, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(requester);
        return BackOfficeCall.RunAsync(BackOfficeSystem.ItSupport, async () =>
        {
            var now = time.GetUtcNow();
            var description = BackOfficeCall.Text(ticket.Description);
            if (EmployeeIdOf(requester) is not { } employeeId || description is null
                || !Enum.IsDefined(ticket.Category) || !Enum.IsDefined(ticket.Urgency))
            {
                return NotCreated(ticket, description ?? "", now);
            }

            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await using var transaction = await BackOfficeDatabase.BeginWriteAsync(db, cancellationToken);
            if (!await db.Employees.AnyAsync(e => e.Id == employeeId, cancellationToken))
            {
                return NotCreated(ticket, description, now);
            }

            var entity = new ItTicket
            {
                Id = DemoBackOffice.TicketId(await db.ItTickets.CountAsync(cancellationToken) + 1),
                EmployeeId = employeeId,
                Title = Title(description),
                Description = description,
                Category = ticket.Category,
                Status = TicketStatus.Open,
                Urgency = ticket.Urgency,
                CreatedAt = now.UtcDateTime,
                UpdatedAt = now.UtcDateTime,
            };
            db.ItTickets.Add(entity);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return ToInfo(entity);
        });
    }

    public Task<TicketInfo?> AddCommentAsync(string ticketId, string comment, Requester requester, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requester);
        return BackOfficeCall.RunAsync(BackOfficeSystem.ItSupport, async () =>
        {
            if (EmployeeIdOf(requester) is not { } employeeId
                || BackOfficeCall.NormalizeId(ticketId, TicketIdFormat()) is not { } id
                || BackOfficeCall.Text(comment) is not { } text)
            {
                return null;
            }

            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await using var transaction = await BackOfficeDatabase.BeginWriteAsync(db, cancellationToken);
            var ticket = await db.ItTickets.Include(t => t.Comments)
                .SingleOrDefaultAsync(t => t.Id == id && t.EmployeeId == employeeId, cancellationToken);
            if (ticket is null || ticket.Status is not (TicketStatus.Open or TicketStatus.InProgress))
            {
                return null;
            }

            var author = await db.Employees.Where(e => e.Id == employeeId).Select(e => e.Name).SingleAsync(cancellationToken);
            var now = time.GetUtcNow().UtcDateTime;
            ticket.Comments.Add(new TicketComment
            {
                TicketId = ticket.Id,
                Number = ticket.Comments.Count == 0 ? 1 : ticket.Comments.Max(c => c.Number) + 1,
                Author = author,
                Text = text,
                CreatedAt = now,
            });
            ticket.UpdatedAt = now;
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return ToInfo(ticket);
        });
    }

    public Task<IReadOnlyList<SoftwareItem>> GetSoftwareCatalogAsync(CancellationToken cancellationToken) =>
        BackOfficeCall.RunAsync(BackOfficeSystem.ItSupport, async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var items = await db.SoftwareCatalogue.AsNoTracking().OrderBy(s => s.Id).ToListAsync(cancellationToken);
            return (IReadOnlyList<SoftwareItem>)items.Select(s => new SoftwareItem(s.Id, s.Name, s.NeedsLicence, s.NeedsApproval)).ToList();
        });

    public Task<SoftwareRequestInfo> RequestSoftwareAsync(
        string softwareId, string? justification, Requester requester, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requester);
        return BackOfficeCall.RunAsync(BackOfficeSystem.ItSupport, async () =>
        {
            var now = time.GetUtcNow();
            var id = BackOfficeCall.NormalizeId(softwareId, SoftwareIdFormat());
            var notCreated = new SoftwareRequestInfo("", id ?? "", "", SoftwareRequestStatus.Rejected, null, now, now);
            if (EmployeeIdOf(requester) is not { } employeeId || id is null)
            {
                return notCreated;
            }

            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await using var transaction = await BackOfficeDatabase.BeginWriteAsync(db, cancellationToken);
            var software = await db.SoftwareCatalogue.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
            var employee = await db.Employees.AsNoTracking().SingleOrDefaultAsync(e => e.Id == employeeId, cancellationToken);
            if (software is null || employee is null)
            {
                return notCreated;
            }

            // Routed to the line manager; the head of the company (no manager) approves their own.
            var approver = !software.NeedsApproval ? null
                : employee.ManagerId is { } managerId
                    ? await db.Employees.Where(e => e.Id == managerId).Select(e => e.Name).SingleAsync(cancellationToken)
                    : employee.Name;
            var request = new SoftwareRequest
            {
                Id = DemoBackOffice.SoftwareRequestId(await db.SoftwareRequests.CountAsync(cancellationToken) + 1),
                EmployeeId = employeeId,
                SoftwareId = software.Id,
                Justification = BackOfficeCall.Text(justification),
                Status = software.NeedsApproval ? SoftwareRequestStatus.PendingApproval : SoftwareRequestStatus.Approved,
                Approver = approver,
                RequestedAt = now.UtcDateTime,
                UpdatedAt = now.UtcDateTime,
            };
            db.SoftwareRequests.Add(request);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return ToInfo(request, software.Name);
        });
    }

    public Task<IReadOnlyList<SoftwareRequestInfo>> GetSoftwareRequestsAsync(Requester requester, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requester);
        return BackOfficeCall.RunAsync(BackOfficeSystem.ItSupport, async () =>
        {
            if (EmployeeIdOf(requester) is not { } employeeId)
            {
                return (IReadOnlyList<SoftwareRequestInfo>)[];
            }

            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var requests = await db.SoftwareRequests.AsNoTracking()
                .Where(r => r.EmployeeId == employeeId)
                .Join(db.SoftwareCatalogue, r => r.SoftwareId, s => s.Id, (r, s) => new { Request = r, s.Name })
                .ToListAsync(cancellationToken);
            return requests
                .OrderByDescending(r => r.Request.RequestedAt).ThenByDescending(r => r.Request.Id, StringComparer.Ordinal)
                .Select(r => ToInfo(r.Request, r.Name))
                .ToList();
        });
    }

    public Task<AccountActionResult> RunAccountActionAsync(AccountAction action, Requester requester, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requester);
        return BackOfficeCall.RunAsync(BackOfficeSystem.ItSupport, async () =>
        {
            var nothing = new AccountActionResult(action, false, null, false);
            if (EmployeeIdOf(requester) is not { } employeeId || !Enum.IsDefined(action))
            {
                return nothing;
            }

            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await using var transaction = await BackOfficeDatabase.BeginWriteAsync(db, cancellationToken);
            var employee = await db.Employees.SingleOrDefaultAsync(e => e.Id == employeeId, cancellationToken);
            if (employee is null)
            {
                return nothing;
            }

            var wasLocked = employee.AccountLocked;
            var now = time.GetUtcNow();
            if (action == AccountAction.PasswordReset)
            {
                // The link is the only way to a new password; nobody, the bot included, sees one.
                var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
                DemoOutbox.Add(
                    db, ContactChannel.Email, employee.Email, "Reset your password",
                    $"A password reset was requested for your account. This single-use link works for 30 minutes: "
                    + $"https://id.corp.example/reset?token={token} — if you did not ask for it, tell the IT service desk.",
                    "password-reset", now);
            }
            else
            {
                employee.AccountLocked = false;
                DemoOutbox.Add(
                    db, ContactChannel.Email, employee.Email, "Your account was unlocked",
                    "Your account was unlocked through HelpdeskBot. If this was not you, tell the IT service desk.", "account-unlock", now);
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new AccountActionResult(action, true, ContactMask.Email(employee.Email), wasLocked);
        });
    }

    private static string? EmployeeIdOf(Requester requester) =>
        requester.EmployeeId is { Length: > 0 and <= 20 } id ? id.Trim().ToUpperInvariant() : null;

    private static TicketInfo NotCreated(NewTicket ticket, string description, DateTimeOffset now) =>
        new("", "", description, ticket.Category, TicketStatus.Closed, ticket.Urgency, now, now, null, 0);

    private static string Title(string description)
    {
        var firstLine = description.Split('\n', 2)[0].Trim();
        return firstLine.Length <= MaxTitleLength ? firstLine : firstLine[..(MaxTitleLength - 1)].TrimEnd() + "…";
    }

    private static TicketInfo ToInfo(ItTicket t) => new(
        t.Id, t.Title, t.Description, t.Category, t.Status, t.Urgency,
        BackOfficeCall.Utc(t.CreatedAt), BackOfficeCall.Utc(t.UpdatedAt), t.AssignedTo, t.Comments.Count);

    private static SoftwareRequestInfo ToInfo(SoftwareRequest r, string softwareName) => new(
        r.Id, r.SoftwareId, softwareName, r.Status, r.Approver, BackOfficeCall.Utc(r.RequestedAt), BackOfficeCall.Utc(r.UpdatedAt));

    [GeneratedRegex("^IT-[0-9]{6}$", RegexOptions.CultureInvariant)]
    private static partial Regex TicketIdFormat();

    [GeneratedRegex("^SW-[0-9]{3}$", RegexOptions.CultureInvariant)]
    private static partial Regex SoftwareIdFormat();
}
