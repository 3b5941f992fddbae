namespace HelpdeskBot.Connectors.Notifications;

public enum ContactChannel { Email, Sms }

/// <summary>A one-time code was sent; <see cref="SentTo"/> is the destination masked. The code itself never leaves the connector.</summary>
public sealed record OneTimeCodeChallenge(string ChallengeId, ContactChannel Channel, string SentTo, DateTimeOffset ExpiresAt);

public enum OneTimeCodeOutcome { Verified, Wrong, Expired, LockedOut, NotFound }

public sealed record OneTimeCodeCheck(OneTimeCodeOutcome Outcome, int AttemptsLeft);

/// <summary>
/// Sends messages to a person's contact on file (the demo back office writes them to its outbox) and runs one-time-code
/// identity checks. Destinations always come from the back office's records for the requester, never from the chat.
/// </summary>
public interface INotificationService
{
    /// <summary>Wrong codes allowed per challenge before it is locked.</summary>
    public const int MaxCodeAttempts = 3;

    /// <summary>
    /// Sends a fresh 6-digit code to the requester's phone or e-mail on file. Null when the requester has no such
    /// contact on file (or is not someone the system knows).
    /// </summary>
    Task<OneTimeCodeChallenge?> SendOneTimeCodeAsync(Requester requester, ContactChannel channel, string purpose, CancellationToken cancellationToken);

    /// <summary>Checks a code against the requester's challenge; a challenge belongs to one requester only.</summary>
    Task<OneTimeCodeCheck> VerifyOneTimeCodeAsync(string challengeId, string code, Requester requester, CancellationToken cancellationToken);
}
