using HelpdeskBot.Connectors.BackOffice;
using Microsoft.EntityFrameworkCore;

namespace HelpdeskBot.Connectors.Notifications;

/// <summary>The outbox table of the demo back office: where its "e-mails" and "text messages" go.</summary>
internal sealed class DemoOutbox(IDbContextFactory<BackOfficeDbContext> dbFactory) : IDemoOutbox
{
    private const int MaxCount = 100;

    public Task<IReadOnlyList<OutboxMessage>> GetRecentAsync(string destination, int count, CancellationToken cancellationToken) =>
        BackOfficeCall.RunAsync(BackOfficeSystem.Notifications, async () =>
        {
            if (string.IsNullOrWhiteSpace(destination) || count <= 0)
            {
                return (IReadOnlyList<OutboxMessage>)[];
            }

            var address = destination.Trim().ToLowerInvariant();
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var entries = await db.Outbox.AsNoTracking()
                .Where(m => m.Destination == address)
                .OrderByDescending(m => m.Id)
                .Take(Math.Min(count, MaxCount))
                .ToListAsync(cancellationToken);

            return entries
                .Select(m => new OutboxMessage(m.Id, m.Channel, m.Destination, m.Subject, m.Body, m.Purpose, BackOfficeCall.Utc(m.CreatedAt)))
                .ToList();
        });

    /// <summary>
    /// Queues a message in the caller's unit of work, so it is "sent" exactly when the change it reports is committed.
    /// Destinations are stored lower-cased (e-mail addresses and phone numbers are compared that way).
    /// </summary>
    public static void Add(
        BackOfficeDbContext db, ContactChannel channel, string destination, string subject, string body, string purpose, DateTimeOffset now) =>
        db.Outbox.Add(new OutboxEntry
        {
            Channel = channel,
            Destination = destination.Trim().ToLowerInvariant(),
            Subject = subject,
            Body = body,
            Purpose = purpose,
            CreatedAt = now.UtcDateTime,
        });
}
