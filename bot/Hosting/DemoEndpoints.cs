using HelpdeskBot.Bot.Channels.DirectLine;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.Hosting;

internal sealed record DemoTokenRequest(string? Locale);

internal sealed record DemoTokenResponse(string Token, string ConversationId, string UserId, [property: System.Text.Json.Serialization.JsonPropertyName("expires_in")] int ExpiresIn);

/// <summary>
/// The demo page's stand-in for a website back end: it mints a Direct Line token for an anonymous visitor, so the
/// secret never reaches the browser.
/// </summary>
internal static class DemoEndpoints
{
    public static IEndpointRouteBuilder MapDemoEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/demo/token", IssueTokenAsync);
        return app;
    }

    private static async Task<IResult> IssueTokenAsync(
        HttpRequest request, DirectLineTokens tokens, DirectLineConversations conversations, IOptions<HelpdeskOptions> options, CancellationToken ct)
    {
        if (!options.Value.DemoTokens)
        {
            return JsonBodies.Problem(StatusCodes.Status404NotFound, "Demo tokens are off", "Helpdesk:DemoTokens is false on this host.");
        }
        var (body, failure) = await JsonBodies.ReadOptionalAsync<DemoTokenRequest>(request, ct);
        if (failure is not null)
        {
            return failure;
        }
        var locale = body?.Locale is "id" or "id-ID" ? "id-ID" : body?.Locale is null ? null : "en-US";
        var userId = "dl_" + Guid.NewGuid().ToString("N");
        var conversation = await conversations.ReserveAsync(userId, null, locale, ct);
        return TypedResults.Ok(new DemoTokenResponse(
            tokens.IssueConversationToken(conversation.Id, userId, null), conversation.Id, userId, tokens.TokenLifetimeSeconds));
    }
}
