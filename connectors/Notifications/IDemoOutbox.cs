namespace HelpdeskBot.Connectors.Notifications;

/// <summary>A message the demo back office "sent" (it has no e-mail or SMS gateway); demo and test use only.</summary>
/// <param name="Destination">The full address or phone number, unmasked: the outbox is what the recipient would have received.</param>
public sealed record OutboxMessage(
    long Id,
    ContactChannel Channel,
    string Destination,
    string Subject,
    string Body,
    string Purpose,
    DateTimeOffset CreatedAt);

/// <summary>
/// Reads the demo back office's outbox, so tests and a demo page can show what would have been sent. Not for skills:
/// a real back office has no such thing, and the messages carry one-time codes and reset links.
/// </summary>
public interface IDemoOutbox
{
    /// <summary>The newest <paramref name="count"/> messages sent to <paramref name="destination"/> (case-insensitive), newest first.</summary>
    Task<IReadOnlyList<OutboxMessage>> GetRecentAsync(string destination, int count, CancellationToken cancellationToken);
}
