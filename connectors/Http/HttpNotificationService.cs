using HelpdeskBot.Connectors.Notifications;

namespace HelpdeskBot.Connectors.Http;

/// <summary>
/// One-time codes over the company's notification REST API (<c>docs/connectors.md</c>, "Notifications"). The
/// destination is the system's record for the requester; the code never comes back to the bot.
/// </summary>
internal sealed class HttpNotificationService(BackOfficeHttp http) : INotificationService
{
    private const BackOfficeSystem System = BackOfficeSystem.Notifications;

    public async Task<OneTimeCodeChallenge?> SendOneTimeCodeAsync(
        Requester requester, ContactChannel channel, string purpose, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requester);
        ArgumentException.ThrowIfNullOrWhiteSpace(purpose);

        // A visitor has no contact on file.
        if (requester.Kind == RequesterKind.Anonymous || string.IsNullOrWhiteSpace(requester.PartyId))
        {
            return null;
        }

        var answer = await http.SendAsync<OneTimeCodeChallenge>(
            new(System, "SendOneTimeCode", HttpMethod.Post, "one-time-codes", requester, new CodeRequest(channel, purpose)),
            cancellationToken).ConfigureAwait(false);
        return answer.Value;
    }

    public async Task<OneTimeCodeCheck> VerifyOneTimeCodeAsync(
        string challengeId, string code, Requester requester, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(requester);
        var notFound = new OneTimeCodeCheck(OneTimeCodeOutcome.NotFound, AttemptsLeft: 0);
        if (requester.Kind == RequesterKind.Anonymous || string.IsNullOrWhiteSpace(requester.PartyId) || string.IsNullOrWhiteSpace(challengeId))
        {
            return notFound;
        }

        var answer = await http.SendAsync<OneTimeCodeCheck>(
            new(System, "VerifyOneTimeCode", HttpMethod.Post, $"one-time-codes/{Uri.EscapeDataString(challengeId.Trim())}/verification", requester, new CodeCheck(code.Trim())),
            cancellationToken).ConfigureAwait(false);
        return answer.Kind switch
        {
            AnswerKind.Ok when answer.Value is { } check => check,

            // A malformed code (400) is wrong; without a count from the system the bot cannot promise more tries.
            AnswerKind.Rejected => new OneTimeCodeCheck(OneTimeCodeOutcome.Wrong, AttemptsLeft: 0),
            _ => notFound,
        };
    }

    private sealed record CodeRequest(ContactChannel Channel, string Purpose);

    private sealed record CodeCheck(string Code);
}
