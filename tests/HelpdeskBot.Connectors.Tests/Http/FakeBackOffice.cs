using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Connectors.Tests.Http;

/// <summary>One request as the fake back office received it.</summary>
/// <param name="RawTarget">The request target as sent, before the server decodes it.</param>
internal sealed record ReceivedRequest(string Method, string Path, string RawTarget, string Query, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}

/// <summary>
/// The company's back office as <c>docs/connectors.md</c> describes it, on a real Kestrel server at
/// <c>http://127.0.0.1:{port}/api/</c>, with just the data the tests need. It checks the API key, answers "not yours"
/// with <see cref="DenyStatus"/>, records every request, and lets a test take over requests with <see cref="Intercept"/>.
/// </summary>
internal sealed class FakeBackOffice : IAsyncDisposable
{
    public const string ApiKey = "test-api-key-7f3a";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();

    private FakeBackOffice(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

    /// <summary>What a request for something that is not the requester's gets: 404, or 403 for systems that say so.</summary>
    public int DenyStatus { get; set; } = StatusCodes.Status404NotFound;

    /// <summary>Runs before the endpoints; returns true when it wrote the response itself.</summary>
    public Func<HttpContext, Task<bool>>? Intercept { get; set; }

    public static async Task<FakeBackOffice> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeBackOffice(app);

        app.Use(async (context, next) =>
        {
            context.Request.EnableBuffering();
            using var reader = new StreamReader(context.Request.Body, leaveOpen: true);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            context.Request.Body.Position = 0;
            fake._requests.Enqueue(new ReceivedRequest(
                context.Request.Method,
                context.Request.Path.Value ?? "",
                context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget,
                context.Request.QueryString.Value ?? "",
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                body));

            if (context.Request.Headers["X-Api-Key"] != ApiKey)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            if (fake.Intercept is { } intercept && await intercept(context))
            {
                return;
            }

            await next(context);
        });

        var api = app.MapGroup("/api");
        MapOrders(api, fake);
        MapItSupport(api, fake);
        MapHr(api, fake);
        MapInvoices(api, fake);
        MapNotifications(api, fake);
        MapChanges(api);

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        fake.BaseUrl = new Uri(address.TrimEnd('/') + "/api");
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private IResult Deny() => Results.StatusCode(DenyStatus);

    private sealed record Caller(string? Kind, string? Id, string[] VerifiedOrders)
    {
        public static Caller From(HttpRequest request) => new(
            request.Headers["X-Requester-Kind"].ToString() is { Length: > 0 } kind ? kind : null,
            request.Headers["X-Requester-Id"].ToString() is { Length: > 0 } id ? id : null,
            request.Headers["X-Verified-Orders"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries));

        public bool Is(string kind, string id) => Kind == kind && Id == id;
    }

    // --- Orders: three orders of CUS-0001; ORD-999400 is answered 400 (a number the system rejects). Customers/me knows
    // CUS-0001 and CUS-0009, who has not ordered yet.

    private static readonly Dictionary<string, object> Orders = new()
    {
        ["ORD-100123"] = new
        {
            orderNumber = "ORD-100123", status = "shipped", orderedOn = "2026-11-16", itemCount = 3, totalIdr = 339000,
            shipment = new { carrier = "JNE", trackingNumber = "CGK2611170123", shippedOn = "2026-11-17", estimatedDelivery = "2026-11-21", deliveredOn = (string?)null },
        },
        ["ORD-100124"] = new
        {
            orderNumber = "ORD-100124", status = "delivered", orderedOn = "2026-11-02", itemCount = 1, totalIdr = 475000,
            shipment = new { carrier = "SiCepat", trackingNumber = "002611030124", shippedOn = "2026-11-03", estimatedDelivery = "2026-11-06", deliveredOn = "2026-11-05" },
        },
        ["ORD-100125"] = new
        {
            orderNumber = "ORD-100125", status = "processing", orderedOn = "2026-11-19", itemCount = 4, totalIdr = 794000, shipment = (object?)null,
        },
    };

    private static bool MaySee(Caller caller, string order) =>
        Orders.ContainsKey(order)
        && (caller.Is("customer", "CUS-0001") || (caller.Kind == "employee" && caller.Id is not null)
            || (caller.Kind == "anonymous" && caller.VerifiedOrders.Contains(order)));

    /// <summary>CUS-0001 as <c>GET /customers/me</c> sends it: the contacts in full (the bot masks them).</summary>
    private static readonly object Budi = new
    {
        customerId = "CUS-0001", name = "Budi Santoso", email = "budi.santoso@example.com", phone = "+6281200000001",
        orderCount = 3, latestOrderNumber = "ORD-100125", latestOrderedOn = "2026-11-19",
    };

    private static readonly object Newcomer = new
    {
        customerId = "CUS-0009", name = "Dewi Lestari", email = "dewi@example.com", phone = "+6281200000009",
        orderCount = 0, latestOrderNumber = (string?)null, latestOrderedOn = (string?)null,
    };

    private static void MapOrders(RouteGroupBuilder api, FakeBackOffice fake)
    {
        api.MapGet("/customers/me", (HttpRequest request) =>
            Caller.From(request).Is("customer", "CUS-0001") ? Results.Json(Budi)
            : Caller.From(request).Is("customer", "CUS-0009") ? Results.Json(Newcomer)
            : fake.Deny());

        api.MapGet("/orders/{number}", (string number, HttpRequest request) =>
            number == "ORD-999400" ? Results.BadRequest()
            : MaySee(Caller.From(request), number) ? Results.Json(Orders[number]) : fake.Deny());

        api.MapPost("/orders/{number}/verification", (string number, VerificationBody body) =>
            number == "ORD-100123" && body.Email == "budi@example.com"
                ? Results.Json(new { outcome = "verified", attemptsLeft = 5, lockedUntil = (string?)null })
                : body.Email == "locked@example.com"
                    ? Results.Json(new { outcome = "lockedOut", attemptsLeft = 0, lockedUntil = "2026-11-27T10:15:00+07:00" })
                    : Results.Json(new { outcome = "mismatch", attemptsLeft = 4 }));

        api.MapGet("/orders/{number}/cancellation", (string number, HttpRequest request) =>
            number == "ORD-999400" ? Results.BadRequest()
            : !MaySee(Caller.From(request), number) ? fake.Deny()
            : number == "ORD-100125" ? Results.Json(new { eligibility = "allowed", order = Orders[number] })
            : Results.Json(new { eligibility = "alreadyShipped", order = Orders[number] }));

        api.MapPost("/orders/{number}/cancellation", (string number, HttpRequest request) =>
            number == "ORD-999400" ? Results.BadRequest()
            : !MaySee(Caller.From(request), number) ? fake.Deny()
            : number == "ORD-100125" ? Results.Json(new { cancelled = true, check = new { eligibility = "allowed", order = Orders[number] } })
            : Results.Json(new { cancelled = false, check = new { eligibility = "alreadyShipped", order = Orders[number] } }));

        api.MapGet("/orders/{number}/return-eligibility", (string number, HttpRequest request) =>
            !MaySee(Caller.From(request), number) ? fake.Deny()
            : number == "ORD-100124" ? Results.Json(new { eligibility = "allowed", order = Orders[number], returnWindowEndsOn = "2026-11-19" })
            : Results.Json(new { eligibility = "notDeliveredYet", order = Orders[number] }));

        api.MapPost("/orders/{number}/returns", (string number, ReturnBody body, HttpRequest request) =>
            body.Note is { Length: > 500 } ? Results.BadRequest()
            : !MaySee(Caller.From(request), number) ? fake.Deny()
            : Results.Json(
                new
                {
                    returnNumber = "RET-000001", refundIdr = 475000,
                    check = new { eligibility = "allowed", order = Orders[number], returnWindowEndsOn = "2026-11-19" },
                },
                statusCode: StatusCodes.Status201Created));
    }

    // --- IT support: EMP-0007 owns TCK-000101 (open) and TCK-000103 (closed); TCK-000102 is EMP-0008's.

    private static object Ticket(string id, string status, int comments, string created = "2026-11-20T09:00:00+07:00") => new
    {
        ticketId = id, title = "Laptop will not start", description = "Black screen after the update", category = "hardware",
        status, urgency = "high", createdAt = created, updatedAt = "2026-11-21T10:30:00+07:00", assignedTo = "Andi (IT)", commentCount = comments,
    };

    private static readonly Dictionary<string, string> TicketOwners = new()
    {
        ["TCK-000101"] = "EMP-0007", ["TCK-000102"] = "EMP-0008", ["TCK-000103"] = "EMP-0007",
    };

    private static bool OwnsTicket(HttpRequest request, string id) =>
        TicketOwners.TryGetValue(id, out var owner) && Caller.From(request).Is("employee", owner);

    private static void MapItSupport(RouteGroupBuilder api, FakeBackOffice fake)
    {
        api.MapGet("/tickets/{id}", (string id, HttpRequest request) =>
            id == "BAD ID" ? Results.BadRequest()
            : OwnsTicket(request, id) ? Results.Json(Ticket(id, id == "TCK-000103" ? "closed" : "open", 1)) : fake.Deny());

        api.MapGet("/tickets", (string? status, HttpRequest request) =>
            status != "open" ? Results.BadRequest()
            : Caller.From(request).Is("employee", "EMP-0007")
                ? Results.Json(new[]
                {
                    Ticket("TCK-000099", "inProgress", 0, "2026-11-10T09:00:00+07:00"),
                    Ticket("TCK-000101", "open", 1, "2026-11-20T09:00:00+07:00"),
                })
                : Results.Json(Array.Empty<object>()));

        api.MapPost("/tickets", (TicketBody body, HttpRequest request) =>
            string.IsNullOrWhiteSpace(body.Description) ? Results.BadRequest()
            : Results.Json(
                new
                {
                    ticketId = "TCK-000200", title = "New " + body.Category + " ticket", description = body.Description, category = body.Category,
                    status = "open", urgency = body.Urgency, createdAt = "2026-11-27T08:00:00+07:00", updatedAt = "2026-11-27T08:00:00+07:00",
                    assignedTo = (string?)null, commentCount = 0,
                },
                statusCode: StatusCodes.Status201Created));

        api.MapPost("/tickets/{id}/comments", (string id, CommentBody body, HttpRequest request) =>
            !OwnsTicket(request, id) ? fake.Deny()
            : id == "TCK-000103" ? Results.Conflict()
            : Results.Json(Ticket(id, "open", 2), statusCode: StatusCodes.Status201Created));

        api.MapGet("/software", () => Results.Json(new[]
        {
            new { softwareId = "SW-VSCODE", name = "Visual Studio Code", needsLicence = false, needsApproval = false },
            new { softwareId = "SW-ADOBE", name = "Adobe Acrobat Pro", needsLicence = true, needsApproval = true },
        }));

        api.MapPost("/software-requests", (SoftwareBody body) =>
            body.SoftwareId != "SW-ADOBE" ? fake.Deny()
            : Results.Json(
                new
                {
                    requestId = "SWR-0042", softwareId = "SW-ADOBE", softwareName = "Adobe Acrobat Pro", status = "pendingApproval",
                    approver = "Sari Wijaya", requestedAt = "2026-11-27T08:00:00+07:00", updatedAt = "2026-11-27T08:00:00+07:00",
                },
                statusCode: StatusCodes.Status201Created));

        api.MapGet("/software-requests", () => Results.Json(new[]
        {
            new
            {
                requestId = "SWR-0001", softwareId = "SW-VSCODE", softwareName = "Visual Studio Code", status = "fulfilled",
                approver = (string?)null, requestedAt = "2026-10-01T08:00:00+07:00", updatedAt = "2026-10-01T09:00:00+07:00",
            },
            new
            {
                requestId = "SWR-0042", softwareId = "SW-ADOBE", softwareName = "Adobe Acrobat Pro", status = "pendingApproval",
                approver = (string?)"Sari Wijaya", requestedAt = "2026-11-27T08:00:00+07:00", updatedAt = "2026-11-27T08:00:00+07:00",
            },
        }));

        api.MapPost("/accounts/me/password-reset", (HttpRequest request) =>
            Caller.From(request).Is("employee", "EMP-0007")
                ? Results.Json(new { action = "passwordReset", done = true, sentTo = "r***@corp.example", wasLocked = false })
                : fake.Deny());

        api.MapPost("/accounts/me/unlock", (HttpRequest request) =>
            Caller.From(request).Is("employee", "EMP-0007")
                ? Results.Json(new { action = "unlock", done = true, sentTo = (string?)null, wasLocked = true })
                : fake.Deny());
    }

    // --- HR: EMP-0007 is Rina in Finance; the AAD object id below is hers.

    public static readonly Guid RinaAadObjectId = Guid.Parse("6f1c2b9e-3d4a-4e5f-8a7b-9c0d1e2f3a4b");

    private static readonly object Rina = new
    {
        employeeId = "EMP-0007", name = "Rina Kartika", department = "Finance", jobTitle = "Accountant", managerName = "Sari Wijaya",
    };

    private static void MapHr(RouteGroupBuilder api, FakeBackOffice fake)
    {
        api.MapGet("/directory/by-aad/{id}", (Guid id) => id == RinaAadObjectId ? Results.Json(Rina) : Results.NotFound());

        api.MapGet("/employees/me", (HttpRequest request) =>
            Caller.From(request).Is("employee", "EMP-0007") ? Results.Json(Rina) : fake.Deny());

        api.MapGet("/leave/balances", (int year, HttpRequest request) =>
            !Caller.From(request).Is("employee", "EMP-0007") ? fake.Deny()
            : Results.Json(new[]
            {
                new { type = "annual", year, entitledDays = 12.0m, usedDays = 3.5m, pendingDays = 1.0m },
                new { type = "sick", year, entitledDays = 14.0m, usedDays = 0m, pendingDays = 0m },
            }));

        api.MapPost("/leave/requests", (LeaveBody body, HttpRequest request) =>
            !Caller.From(request).Is("employee", "EMP-0007") ? fake.Deny()
            : body.End < body.Start ? Results.BadRequest()
            : body.WorkingDays > 7.5m
                ? Results.Json(new
                {
                    outcome = "insufficientBalance", requestId = (string?)null, status = (string?)null, approver = (string?)null,
                    balance = new { type = "annual", year = 2026, entitledDays = 12.0m, usedDays = 3.5m, pendingDays = 1.0m },
                })
                : Results.Json(
                    new
                    {
                        outcome = "submitted", requestId = "LR-0031", status = "pendingApproval", approver = "Sari Wijaya",
                        balance = new { type = "annual", year = 2026, entitledDays = 12.0m, usedDays = 3.5m, pendingDays = 1.0m + body.WorkingDays },
                    },
                    statusCode: StatusCodes.Status201Created));

        api.MapGet("/payslips/latest", (DateOnly asOf, HttpRequest request) =>
            !Caller.From(request).Is("employee", "EMP-0007") ? fake.Deny()
            : asOf < new DateOnly(2026, 1, 25) ? Results.NotFound()
            : Results.Json(new
            {
                period = "2026-10-01", payDate = "2026-10-25", grossIdr = 15000000m, deductionsIdr = 1850000m, netIdr = 13150000m,
                documentUrl = "https://hr.example/payslips/2026-10.pdf",
            }));

        // Pay day is the 25th.
        api.MapGet("/payroll/next-pay-date", (DateOnly from, HttpRequest request) =>
        {
            if (!Caller.From(request).Is("employee", "EMP-0007"))
            {
                return fake.Deny();
            }

            var month = from.Day <= 25 ? from : from.AddMonths(1);
            return Results.Json(new { payDate = new DateOnly(month.Year, month.Month, 25) });
        });
    }

    // --- Invoicing: CUS-0001 received two unpaid invoices and a paid one; SUP-0001 sent BILL-0009.

    private static readonly Dictionary<string, (string Party, object Invoice)> Invoices = new()
    {
        ["INV-2026-0001"] = ("CUS-0001", new
        {
            invoiceId = "INV-2026-0001", description = "Office chairs (10)", status = "paid", amountIdr = 12500000m, outstandingIdr = 0m,
            issuedOn = "2026-09-01", dueOn = "2026-10-01", paidOn = (string?)"2026-09-28",
        }),
        ["INV-2026-0002"] = ("CUS-0001", new
        {
            invoiceId = "INV-2026-0002", description = "Desks (4)", status = "overdue", amountIdr = 8000000m, outstandingIdr = 8000000m,
            issuedOn = "2026-10-01", dueOn = "2026-10-31", paidOn = (string?)null,
        }),
        ["INV-2026-0003"] = ("CUS-0001", new
        {
            invoiceId = "INV-2026-0003", description = "Monitors (6)", status = "open", amountIdr = 9000000m, outstandingIdr = 4500000m,
            issuedOn = "2026-11-10", dueOn = "2026-12-10", paidOn = (string?)null,
        }),
        ["BILL-0009"] = ("SUP-0001", new
        {
            invoiceId = "BILL-0009", description = "Paper supplies", status = "open", amountIdr = 1200000m, outstandingIdr = 1200000m,
            issuedOn = "2026-11-01", dueOn = "2026-12-01", paidOn = (string?)null,
        }),
    };

    private static bool OwnsInvoice(HttpRequest request, string id) =>
        Invoices.TryGetValue(id, out var invoice) && Caller.From(request).Id == invoice.Party
        && Caller.From(request).Kind is "customer" or "supplier";

    private static void MapInvoices(RouteGroupBuilder api, FakeBackOffice fake)
    {
        api.MapGet("/invoices/{id}", (string id, HttpRequest request) =>
            OwnsInvoice(request, id) ? Results.Json(Invoices[id].Invoice) : fake.Deny());

        // Deliberately not in due-date order: the adapter promises oldest due first whatever the system sends.
        api.MapGet("/invoices", (bool unpaid, HttpRequest request) =>
            !unpaid ? Results.BadRequest()
            : Caller.From(request).Is("customer", "CUS-0001")
                ? Results.Json(new[] { Invoices["INV-2026-0003"].Invoice, Invoices["INV-2026-0002"].Invoice })
                : Results.Json(Array.Empty<object>()));

        api.MapPost("/invoices/{id}/copies", (string id, HttpRequest request) =>
            OwnsInvoice(request, id)
                ? Results.Json(new { invoiceId = id, sentTo = "b***@example.com" }, statusCode: StatusCodes.Status202Accepted)
                : fake.Deny());
    }

    // --- Notifications: EMP-0007 has an e-mail and a phone on file; CUS-0002 only an e-mail. Code 123456 is right.

    private static void MapNotifications(RouteGroupBuilder api, FakeBackOffice fake)
    {
        api.MapPost("/one-time-codes", (CodeBody body, HttpRequest request) =>
        {
            var caller = Caller.From(request);
            if (body.Purpose.Length == 0)
            {
                return Results.BadRequest();
            }

            return caller.Is("employee", "EMP-0007")
                ? Results.Json(
                    new
                    {
                        challengeId = "OTC-0001", channel = body.Channel,
                        sentTo = body.Channel == "sms" ? "+62 *** *** 4321" : "r***@corp.example", expiresAt = "2026-11-27T08:10:00+00:00",
                    },
                    statusCode: StatusCodes.Status201Created)
                : caller.Is("customer", "CUS-0002") && body.Channel == "email"
                    ? Results.Json(
                        new { challengeId = "OTC-0002", channel = "email", sentTo = "d***@example.com", expiresAt = "2026-11-27T08:10:00+00:00" },
                        statusCode: StatusCodes.Status201Created)
                    : fake.Deny();
        });

        api.MapPost("/one-time-codes/{id}/verification", (string id, CheckBody body, HttpRequest request) =>
            id != "OTC-0001" || !Caller.From(request).Is("employee", "EMP-0007") ? fake.Deny()
            : body.Code.Length != 6 ? Results.BadRequest()
            : body.Code == "123456" ? Results.Json(new { outcome = "verified", attemptsLeft = 3 })
            : Results.Json(new { outcome = "wrong", attemptsLeft = 2 }));
    }

    // --- Change feed: the same four entries on every system's base URL (they share one here). Sequence 3 has no owner
    // and must be dropped by the bot; the sequence jumps from 3 to 7 as a real system's may.

    private static readonly (long Sequence, object Body)[] Changes =
    [
        (1, new { sequence = 1, kind = "order", recordId = "ORD-100125", ownerKind = "customer", ownerId = "CUS-0001", oldStatus = "processing", newStatus = "cancelled", changedAt = "2026-11-27T08:00:00+00:00" }),
        (2, new { sequence = 2, kind = "ticket", recordId = "IT-000002", ownerKind = "employee", ownerId = "EMP-0007", oldStatus = "inProgress", newStatus = "resolved", changedAt = "2026-11-27T08:05:00+07:00" }),
        (3, new { sequence = 3, kind = "leaveRequest", recordId = "LR-000001", ownerKind = "anonymous", ownerId = "", oldStatus = "pendingApproval", newStatus = "approved", changedAt = "2026-11-27T08:06:00+00:00" }),
        (7, new { sequence = 7, kind = "softwareRequest", recordId = "SR-000001", ownerKind = "employee", ownerId = "EMP-0007", oldStatus = (string?)null, newStatus = "approved", changedAt = "2026-11-27T08:07:00+00:00" }),
    ];

    private static void MapChanges(RouteGroupBuilder api) =>
        api.MapGet("/changes", (long after, int limit) =>
            limit is < 1 or > 500 || after < 0
                ? Results.BadRequest()
                : Results.Json(Changes.Where(c => c.Sequence > after).Take(limit).Select(c => c.Body)));

    private sealed record VerificationBody(string Email, string VisitorKey);

    private sealed record ReturnBody(string Reason, string? Note);

    private sealed record TicketBody(string Category, string Description, string Urgency);

    private sealed record CommentBody(string Comment);

    private sealed record SoftwareBody(string SoftwareId, string? Justification);

    private sealed record LeaveBody(string Type, DateOnly Start, DateOnly End, decimal WorkingDays);

    private sealed record CodeBody(string Channel, string Purpose);

    private sealed record CheckBody(string Code);
}
