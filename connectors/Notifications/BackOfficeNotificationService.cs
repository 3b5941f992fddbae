using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using HelpdeskBot.Connectors.BackOffice;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Connectors.Notifications;

/// <summary>
/// One-time codes over the demo back office: the code goes to the contact on file through the outbox, and the challenge
/// row keeps only a salted hash of it. A challenge expires after <see cref="CodeLifetime"/>, locks after
/// <see cref="INotificationService.MaxCodeAttempts"/> wrong codes (the last wrong code is answered LockedOut), and is
/// used up once verified (checking it again answers Expired). Elapsed time comes from the injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed partial class BackOfficeNotificationService(
    IDbContextFactory<BackOfficeDbContext> dbFactory, TimeProvider time, ILogger<BackOfficeNotificationService> logger) : INotificationService
{
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(10);

    private const int SaltLength = 16;

    public Task<OneTimeCodeChallenge?> SendOneTimeCodeAsync(
        Requester requester, ContactChannel channel, string purpose, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requester);
        return BackOfficeCall.RunAsync(BackOfficeSystem.Notifications, async () =>
        {
            if (!Enum.IsDefined(channel) || requester.PartyId is not { Length: > 0 } partyId)
            {
                return null;
            }

            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var contact = await ContactOnFileAsync(db, requester.Kind, partyId.Trim(), cancellationToken);
            var destination = channel == ContactChannel.Sms ? contact?.Phone : contact?.Email;
            if (contact is null || string.IsNullOrWhiteSpace(destination))
            {
                return null;
            }

            var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
            var salt = RandomNumberGenerator.GetBytes(SaltLength);
            var now = time.GetUtcNow();
            var why = BackOfficeCall.Text(purpose, 100) ?? "verification";
            var challenge = new CodeChallenge
            {
                Id = "OTP-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(10)),
                OwnerKind = requester.Kind,
                OwnerId = contact.Id,
                Channel = channel,
                SentTo = ContactMask.For(channel, destination),
                Purpose = why,
                Salt = salt,
                CodeHash = Hash(salt, code),
                CreatedAt = now.UtcDateTime,
                ExpiresAt = (now + CodeLifetime).UtcDateTime,
            };
            db.CodeChallenges.Add(challenge);
            DemoOutbox.Add(
                db, channel, destination, "HelpdeskBot verification code",
                $"Your HelpdeskBot verification code is {code}. It expires in {CodeLifetime.TotalMinutes:0} minutes; never share it. "
                + $"Kode verifikasi HelpdeskBot Anda: {code}. Berlaku {CodeLifetime.TotalMinutes:0} menit; jangan berikan kepada siapa pun.",
                why, now);
            await db.SaveChangesAsync(cancellationToken);

            return new OneTimeCodeChallenge(challenge.Id, channel, challenge.SentTo, now + CodeLifetime);
        });
    }

    public Task<OneTimeCodeCheck> VerifyOneTimeCodeAsync(string challengeId, string code, Requester requester, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requester);
        return BackOfficeCall.RunAsync(BackOfficeSystem.Notifications, async () =>
        {
            var notFound = new OneTimeCodeCheck(OneTimeCodeOutcome.NotFound, 0);
            if (BackOfficeCall.NormalizeId(challengeId, ChallengeIdFormat()) is not { } id || requester.PartyId is not { Length: > 0 } partyId)
            {
                return notFound;
            }

            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);

            // The write lock is taken before reading, so parallel guesses are counted one after another.
            await using var transaction = await BackOfficeDatabase.BeginWriteAsync(db, cancellationToken);
            var challenge = await db.CodeChallenges.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
            if (challenge is null || challenge.OwnerKind != requester.Kind
                || !string.Equals(challenge.OwnerId, partyId.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return notFound;
            }

            var max = INotificationService.MaxCodeAttempts;
            if (challenge.FailedAttempts >= max)
            {
                return new OneTimeCodeCheck(OneTimeCodeOutcome.LockedOut, 0);
            }

            var left = max - challenge.FailedAttempts;
            if (challenge.VerifiedAt is not null || time.GetUtcNow().UtcDateTime >= challenge.ExpiresAt)
            {
                return new OneTimeCodeCheck(OneTimeCodeOutcome.Expired, left);
            }

            var candidate = code?.Trim() ?? "";
            var matches = CodeFormat().IsMatch(candidate)
                && CryptographicOperations.FixedTimeEquals(Hash(challenge.Salt, candidate), challenge.CodeHash);
            OneTimeCodeCheck result;
            if (matches)
            {
                challenge.VerifiedAt = time.GetUtcNow().UtcDateTime;
                result = new OneTimeCodeCheck(OneTimeCodeOutcome.Verified, left);
            }
            else
            {
                challenge.FailedAttempts++;
                left--;
                result = left > 0 ? new OneTimeCodeCheck(OneTimeCodeOutcome.Wrong, left) : new OneTimeCodeCheck(OneTimeCodeOutcome.LockedOut, 0);
                if (left == 0)
                {
                    LogChallengeLocked(logger, challenge.Id, max);
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return result;
        });
    }

    private sealed record Contact(string Id, string? Email, string? Phone);

    private static async Task<Contact?> ContactOnFileAsync(BackOfficeDbContext db, RequesterKind kind, string partyId, CancellationToken cancellationToken)
    {
        var id = partyId.ToUpperInvariant();
        return kind switch
        {
            RequesterKind.Customer => await db.Customers.AsNoTracking().Where(c => c.Id == id)
                .Select(c => new Contact(c.Id, c.Email, c.Phone)).SingleOrDefaultAsync(cancellationToken),
            RequesterKind.Employee => await db.Employees.AsNoTracking().Where(e => e.Id == id)
                .Select(e => new Contact(e.Id, e.Email, e.Phone)).SingleOrDefaultAsync(cancellationToken),
            RequesterKind.Supplier => await db.Suppliers.AsNoTracking().Where(s => s.Id == id)
                .Select(s => new Contact(s.Id, s.Email, s.Phone)).SingleOrDefaultAsync(cancellationToken),
            _ => null,
        };
    }

    private static byte[] Hash(byte[] salt, string code) => SHA256.HashData([.. salt, .. Encoding.UTF8.GetBytes(code)]);

    [LoggerMessage(Level = LogLevel.Warning, Message = "One-time code challenge {ChallengeId} locked after {Attempts} wrong codes")]
    private static partial void LogChallengeLocked(ILogger logger, string challengeId, int attempts);

    [GeneratedRegex("^OTP-[0-9A-F]{20}$", RegexOptions.CultureInvariant)]
    private static partial Regex ChallengeIdFormat();

    [GeneratedRegex("^[0-9]{6}$", RegexOptions.CultureInvariant)]
    private static partial Regex CodeFormat();
}
