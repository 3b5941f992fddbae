using HelpdeskBot.Bot.Channels.DirectLine;
using HelpdeskBot.Bot.Notifications;
using HelpdeskBot.Connectors;
using HelpdeskBot.Connectors.Notifications;
using HelpdeskBot.Bot.WebSecurity;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.Hosting;

/// <param name="As">Who the demo visitor is: <c>customer</c> (default: Budi Santoso, CUS-0001), <c>employee</c> (Rina
/// Wijaya, EMP-0007, to try IT and HR without Teams) or <c>guest</c> (anonymous; verifies orders by number and e-mail).</param>
internal sealed record DemoTokenRequest(string? Locale, string? As = null);

internal sealed record DemoTokenResponse(
    string Token,
    string ConversationId,
    string UserId,
    [property: System.Text.Json.Serialization.JsonPropertyName("expires_in")] int ExpiresIn,
    string SignedInAs);

/// <summary>
/// The demo page's stand-in for a website back end: it mints a Direct Line token for its demo user, signed in the way a
/// real site's back end would vouch for its own signed-in user (<see cref="SignedInUsers"/>), so neither the secret
/// nor the identity ever comes from the browser. Off in production (<c>Helpdesk:DemoTokens=false</c>).
/// </summary>
internal static class DemoEndpoints
{
    /// <summary>The demo back office's memorable customer and employee (README, connectors' seed).</summary>
    public const string DemoCustomerId = "CUS-0001";

    public const string DemoEmployeeId = "EMP-0007";

    public static IEndpointRouteBuilder MapDemoEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/demo/token", IssueTokenAsync).RequireAllowedOrigin();
        app.MapGet("/demo/outbox", ReadOutboxAsync);
        app.MapDemoStatusEndpoints();
        return app;
    }

    /// <summary>The demo users' contacts on file in the demo back office (its seed).</summary>
    private static readonly string[] DemoContacts = ["budi.santoso@example.com", "+6281200000001", "rina.wijaya@corp.example", "+6281300000007"];

    /// <summary>
    /// What the demo back office "sent" to the demo users — one-time codes, reset links, invoice copies — newest first,
    /// since it has no e-mail or SMS gateway. Demo only: off with <c>Helpdesk:DemoTokens=false</c>.
    /// </summary>
    private static async Task<IResult> ReadOutboxAsync(IDemoOutbox outbox, IOptions<HelpdeskOptions> options, BackOfficeModes modes, CancellationToken ct)
    {
        if (Off(options.Value, modes) is { } off)
        {
            return off;
        }
        var messages = new List<OutboxMessage>();
        foreach (var contact in DemoContacts)
        {
            messages.AddRange(await outbox.GetRecentAsync(contact, 10, ct));
        }
        return TypedResults.Ok(messages.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Take(20).ToList());
    }

    /// <summary>
    /// The demo endpoints exist only with <c>Helpdesk:DemoTokens</c> on and only over the demo back office: pointed at a
    /// company's real systems, "sign in as the demo customer" would act for a real account.
    /// </summary>
    internal static IResult? Off(HelpdeskOptions options, BackOfficeModes modes) =>
        !options.DemoTokens
            ? JsonBodies.Problem(StatusCodes.Status404NotFound, "Demo endpoints are off", "Helpdesk:DemoTokens is false on this host.")
            : !modes.AllDemo
                ? JsonBodies.Problem(StatusCodes.Status404NotFound, "Demo endpoints are off",
                    "Some back-office systems are real (Connectors:*:Mode=Http); the demo users exist only in the demo back office.")
                : null;

    private static async Task<IResult> IssueTokenAsync(
        HttpRequest request,
        DirectLineTokens tokens,
        DirectLineConversations conversations,
        IOptions<HelpdeskOptions> options,
        BackOfficeModes modes,
        CancellationToken ct)
    {
        if (Off(options.Value, modes) is { } off)
        {
            return off;
        }
        var (body, failure) = await JsonBodies.ReadOptionalAsync<DemoTokenRequest>(request, ct);
        if (failure is not null)
        {
            return failure;
        }
        var locale = body?.Locale is "id" or "id-ID" ? "id-ID" : body?.Locale is null ? null : "en-US";
        (Requester Requester, string? Name)? demoUser = (body?.As ?? "customer") switch
        {
            "customer" => (Requester.Customer(DemoCustomerId), "Budi Santoso"),
            "employee" => (Requester.Employee(DemoEmployeeId), "Rina Wijaya"),
            "guest" => (Requester.Anonymous, null),
            _ => null,
        };
        if (demoUser is not { } user)
        {
            return JsonBodies.Problem(StatusCodes.Status400BadRequest, "Unknown demo user", "\"as\" must be customer, employee or guest.");
        }
        var userId = "dl_" + Guid.NewGuid().ToString("N");
        var conversation = await conversations.ReserveAsync(userId, user.Name, locale, ct);
        var party = SignedInUsers.ToClaim(user.Requester);
        return TypedResults.Ok(new DemoTokenResponse(
            tokens.IssueConversationToken(conversation.Id, userId, user.Name, party),
            conversation.Id,
            userId,
            tokens.TokenLifetimeSeconds,
            party ?? "guest"));
    }
}
